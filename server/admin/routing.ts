import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { can, type campaignInputSchema, type queueInputSchema, type workflowInputSchema } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { Queryable } from '../store/db';
import { transact } from '../store/retry';
import { AdminRefusal } from './refusal';

export function needPhoneSettings(p: Principal) {
  if (!can(p.permissions, 'manageTrackingNumbers')) throw new AdminRefusal(403, 'Numbers, campaigns, queues and routing need the Phone settings permission.');
}

export function needAccount(p: Principal, accountId: string) {
  if (!p.accounts.some((a) => a.id === accountId)) throw new AdminRefusal(404, 'No such account among yours.');
}

export async function listRouting(ctx: ServerContext, p: Principal) {
  needPhoneSettings(p);
  const ids = p.accounts.map((a) => a.id);
  const campaigns = await ctx.db.query<{ id: string; account_id: string; name: string }>('select id, account_id, name from campaigns where account_id = any($1::text[]) order by name', [ids]);
  const queues = await ctx.db.query<{ id: string; account_id: string; name: string }>('select id, account_id, name from queues where account_id = any($1::text[]) order by name', [ids]);
  const workflows = await ctx.db.query<{ id: string; account_id: string; name: string; queue_id: string | null; active: boolean; overflow_rule: 'none' | 'wait' | 'no_agent'; overflow_wait_seconds: number | null }>(
    'select id, account_id, name, queue_id, active, overflow_rule, overflow_wait_seconds from routing_workflows where account_id = any($1::text[]) order by name',
    [ids],
  );
  const employees = await ctx.db.query<{ id: string; account_id: string; name: string }>(
    'select u.id, ua.account_id, u.name from users u join user_accounts ua on ua.user_id = u.id where ua.account_id = any($1::text[]) order by u.name',
    [ids],
  );
  return {
    accounts: p.accounts,
    employees: employees.map((e) => ({ id: e.id, accountId: e.account_id, name: e.name })),
    campaigns: campaigns.map((c) => ({ id: c.id, accountId: c.account_id, name: c.name })),
    queues: queues.map((q) => ({ id: q.id, accountId: q.account_id, name: q.name })),
    workflows: workflows.map((w) => ({
      id: w.id, accountId: w.account_id, name: w.name, queueId: w.queue_id, active: w.active, overflowRule: w.overflow_rule, overflowWaitSeconds: w.overflow_wait_seconds,
    })),
  };
}

/** Names are unique within an account, so the filters and reports never show two alike. */
async function uniqueName(q: Queryable, table: 'campaigns' | 'queues' | 'routing_workflows', accountId: string, name: string, id: string) {
  const [clash] = await q.query(`select 1 from ${table} where account_id = $1 and lower(name) = lower($2) and id <> $3`, [accountId, name, id]);
  if (clash) throw new AdminRefusal(409, `“${name}” is already used in this account.`);
}

async function saveNamed(ctx: ServerContext, p: Principal, table: 'campaigns' | 'queues', prefix: string, input: { id?: string; accountId: string; name: string }) {
  needPhoneSettings(p);
  needAccount(p, input.accountId);
  return transact(ctx.db, async (tx) => {
    const id = input.id ?? `${prefix}-${randomUUID()}`;
    await uniqueName(tx, table, input.accountId, input.name, id);
    if (input.id) {
      const [row] = await tx.query(`update ${table} set name = $3 where id = $1 and account_id = $2 returning id`, [id, input.accountId, input.name]);
      if (!row) throw new AdminRefusal(404, 'That no longer exists in this account.');
    } else {
      await tx.query(`insert into ${table} (id, account_id, name) values ($1, $2, $3)`, [id, input.accountId, input.name]);
    }
    return { id, accountId: input.accountId, name: input.name };
  });
}

export const saveCampaign = (ctx: ServerContext, p: Principal, c: z.infer<typeof campaignInputSchema>) => saveNamed(ctx, p, 'campaigns', 'cmp', c);
export const saveQueue = (ctx: ServerContext, p: Principal, q: z.infer<typeof queueInputSchema>) => saveNamed(ctx, p, 'queues', 'q', q);

/** A workflow sends its numbers' calls to one queue of the same account, with an optional overflow rule. */
export async function saveWorkflow(ctx: ServerContext, p: Principal, w: z.infer<typeof workflowInputSchema>) {
  needPhoneSettings(p);
  needAccount(p, w.accountId);
  return transact(ctx.db, async (tx) => {
    const [queue] = await tx.query('select 1 from queues where id = $1 and account_id = $2', [w.queueId, w.accountId]);
    if (!queue) throw new AdminRefusal(404, 'That queue is not in this account.');
    const id = w.id ?? `wf-${randomUUID()}`;
    await uniqueName(tx, 'routing_workflows', w.accountId, w.name, id);
    const wait = w.overflowRule === 'wait' ? w.overflowWaitSeconds : null;
    if (w.id) {
      const [row] = await tx.query(
        'update routing_workflows set name = $3, queue_id = $4, active = $5, overflow_rule = $6, overflow_wait_seconds = $7 where id = $1 and account_id = $2 returning id',
        [id, w.accountId, w.name, w.queueId, w.active, w.overflowRule, wait],
      );
      if (!row) throw new AdminRefusal(404, 'That routing workflow no longer exists in this account.');
    } else {
      await tx.query(
        'insert into routing_workflows (id, account_id, name, queue_id, active, overflow_rule, overflow_wait_seconds) values ($1, $2, $3, $4, $5, $6, $7)',
        [id, w.accountId, w.name, w.queueId, w.active, w.overflowRule, wait],
      );
    }
    return { id, accountId: w.accountId, name: w.name, queueId: w.queueId, active: w.active, overflowRule: w.overflowRule, overflowWaitSeconds: wait };
  });
}
