import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { can, formatPhone, type campaignInputSchema, type queueInputSchema, type RetireInput, type workflowInputSchema } from '../../shared';
import { recordChangesOf } from '../changes/change-log';
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
  type Named = { id: string; account_id: string; name: string; retired: boolean };
  const campaigns = await ctx.db.query<Named>('select id, account_id, name, retired_at is not null as retired from campaigns where account_id = any($1::text[]) order by name', [ids]);
  const queues = await ctx.db.query<Named>('select id, account_id, name, retired_at is not null as retired from queues where account_id = any($1::text[]) order by name', [ids]);
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
    campaigns: campaigns.map((c) => ({ id: c.id, accountId: c.account_id, name: c.name, retired: c.retired })),
    queues: queues.map((q) => ({ id: q.id, accountId: q.account_id, name: q.name, retired: q.retired })),
    workflows: workflows.map((w) => ({
      id: w.id, accountId: w.account_id, name: w.name, queueId: w.queue_id, active: w.active, overflowRule: w.overflow_rule, overflowWaitSeconds: w.overflow_wait_seconds,
    })),
  };
}

/** Names are unique within an account, so the filters and reports never show two alike. */
async function uniqueName(q: Queryable, table: 'campaigns' | 'queues' | 'routing_workflows', accountId: string, name: string, id: string) {
  const [clash] = await q.query(`select 1 from ${table} where account_id = $1 and lower(name) = lower($2) and id <> $3`, [accountId, name, id]);
  if (clash) throw new AdminRefusal(409, `“${name}” is already used in this account.`, 'name');
}

async function saveNamed(ctx: ServerContext, p: Principal, table: 'campaigns' | 'queues', prefix: string, input: { id?: string; accountId: string; name: string }) {
  needPhoneSettings(p);
  needAccount(p, input.accountId);
  return transact(ctx.db, async (tx) => {
    const id = input.id ?? `${prefix}-${randomUUID()}`;
    await uniqueName(tx, table, input.accountId, input.name, id);
    let retired = false;
    if (input.id) {
      const [row] = await tx.query<{ name: string; retired: boolean }>(
        `update ${table} t set name = $3 from ${table} old where t.id = $1 and t.account_id = $2 and old.id = t.id returning old.name, t.retired_at is not null as retired`,
        [id, input.accountId, input.name],
      );
      if (!row) throw new AdminRefusal(404, 'That no longer exists in this account.');
      retired = row.retired;
      // Desks show the name on every lead: those leads are logged as changed so desks re-read them.
      if (row.name !== input.name) await recordChangesOf(tx, table === 'campaigns' ? 'campaign_id' : 'queue_id', id, ctx.clock());
    } else {
      await tx.query(`insert into ${table} (id, account_id, name) values ($1, $2, $3)`, [id, input.accountId, input.name]);
    }
    return { id, accountId: input.accountId, name: input.name, retired };
  });
}

/**
 * Retires (or restores) a campaign or queue. It keeps its leads, calls and report rows; it only
 * stops taking new numbers or workflows, so one still in use is refused with what uses it.
 */
async function retireNamed(ctx: ServerContext, p: Principal, table: 'campaigns' | 'queues', r: RetireInput) {
  needPhoneSettings(p);
  needAccount(p, r.accountId);
  return transact(ctx.db, async (tx) => {
    if (r.retired) {
      const users =
        table === 'campaigns'
          ? await tx.query<{ name: string }>('select e164 as name from tracking_numbers where campaign_id = $1 and account_id = $2 order by e164', [r.id, r.accountId])
          : await tx.query<{ name: string }>('select name from routing_workflows where queue_id = $1 and account_id = $2 order by name', [r.id, r.accountId]);
      if (users.length) {
        const one = users.length === 1;
        const what = table === 'campaigns' ? (one ? 'tracking number' : 'tracking numbers') : one ? 'routing workflow' : 'routing workflows';
        const names = users.map((u) => (table === 'campaigns' ? formatPhone(u.name) : u.name));
        throw new AdminRefusal(409, `Still used by ${what} ${names.join(', ')}: move them first.`);
      }
    }
    const [row] = await tx.query<{ id: string; name: string }>(
      `update ${table} set retired_at = case when $3 then coalesce(retired_at, $4::timestamptz) end where id = $1 and account_id = $2 returning id, name`,
      [r.id, r.accountId, r.retired, ctx.clock()],
    );
    if (!row) throw new AdminRefusal(404, 'That no longer exists in this account.');
    return { id: row.id, accountId: r.accountId, name: row.name, retired: r.retired };
  });
}

export const retireCampaign = (ctx: ServerContext, p: Principal, r: RetireInput) => retireNamed(ctx, p, 'campaigns', r);
export const retireQueue = (ctx: ServerContext, p: Principal, r: RetireInput) => retireNamed(ctx, p, 'queues', r);

/** A retired campaign or queue takes nothing new. */
export async function notRetired(q: Queryable, table: 'campaigns' | 'queues', id: string | null, what: string) {
  if (!id) return;
  const [row] = await q.query('select 1 from ' + table + ' where id = $1 and retired_at is not null', [id]);
  if (row) throw new AdminRefusal(409, `That ${what} is retired: restore it first, or choose another.`);
}

export const saveCampaign = (ctx: ServerContext, p: Principal, c: z.infer<typeof campaignInputSchema>) => saveNamed(ctx, p, 'campaigns', 'cmp', c);
export const saveQueue = (ctx: ServerContext, p: Principal, q: z.infer<typeof queueInputSchema>) => saveNamed(ctx, p, 'queues', 'q', q);

/** A workflow sends its numbers' calls to one queue of the same account, with an optional overflow rule. */
export async function saveWorkflow(ctx: ServerContext, p: Principal, w: z.infer<typeof workflowInputSchema>) {
  needPhoneSettings(p);
  needAccount(p, w.accountId);
  return transact(ctx.db, async (tx) => {
    const [queue] = await tx.query<{ retired: boolean }>('select retired_at is not null as retired from queues where id = $1 and account_id = $2', [w.queueId, w.accountId]);
    if (!queue) throw new AdminRefusal(404, 'That queue is not in this account.', 'queueId');
    if (queue.retired) {
      // A workflow already on it may be saved as it is; moving one onto a retired queue is refused.
      const [same] = w.id ? await tx.query('select 1 from routing_workflows where id = $1 and queue_id = $2', [w.id, w.queueId]) : [];
      if (!same) await notRetired(tx, 'queues', w.queueId, 'queue');
    }
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
