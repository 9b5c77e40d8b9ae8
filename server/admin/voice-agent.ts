import { randomUUID } from 'node:crypto';
import { can, DEFAULT_VOICE_AGENT_SETTINGS, voiceAgentSettingsSchema, type SaveJobTypes, type SaveVoiceAgent, type VoiceAgentSettings } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import type { Queryable } from '../store/db';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';
import { needEveryAccount } from './scope';

function needPermission(p: Principal) {
  if (!can(p.permissions, 'configureVoiceAgent')) throw new AdminRefusal(403, 'Voice Agent settings need the Edit Voice Agent Settings permission.');
}

/** A stored copy, re-checked on the way out: a row that no longer fits the schema reads as the defaults. */
function checked(settings: unknown): VoiceAgentSettings {
  const parsed = voiceAgentSettingsSchema.safeParse(typeof settings === 'string' ? JSON.parse(settings) : settings);
  return parsed.success ? parsed.data : DEFAULT_VOICE_AGENT_SETTINGS;
}

async function stored(q: Queryable, scope: string): Promise<VoiceAgentSettings | null> {
  const [row] = await q.query<{ settings: unknown }>('select settings from voice_agent_settings where scope = $1', [scope]);
  return row ? checked(row.settings) : null;
}

/**
 * What applies to an account: its own copy once anyone customised it, otherwise Global. The
 * copy is complete, so a later change to Global never reaches a customised account. One
 * statement: every incoming call on a line that may overflow reads this.
 */
export async function effectiveVoiceAgent(q: Queryable, accountId: string): Promise<{ settings: VoiceAgentSettings; custom: boolean }> {
  const rows = await q.query<{ scope: string; settings: unknown }>("select scope, settings from voice_agent_settings where scope in ($1, 'global')", [`account:${accountId}`]);
  const own = rows.find((r) => r.scope !== 'global');
  if (own) return { settings: checked(own.settings), custom: true };
  const global = rows.find((r) => r.scope === 'global');
  return { settings: global ? checked(global.settings) : DEFAULT_VOICE_AGENT_SETTINGS, custom: false };
}

export async function voiceAgentOverview(ctx: ServerContext, p: Principal) {
  needPermission(p);
  const global = (await stored(ctx.db, 'global')) ?? DEFAULT_VOICE_AGENT_SETTINGS;
  const accounts = [];
  for (const a of p.accounts) accounts.push({ accountId: a.id, accountName: a.name, ...(await effectiveVoiceAgent(ctx.db, a.id)) });
  return { global, accounts };
}

export async function saveVoiceAgent(ctx: ServerContext, p: Principal, req: SaveVoiceAgent & { confirmDisclosureRemoval: boolean }) {
  needPermission(p);
  if (req.scope !== 'global' && !p.accounts.some((a) => a.id === req.scope)) throw new AdminRefusal(404, 'No such account among yours.');
  return transact(ctx.db, async (tx) => {
    if (req.scope === 'global') await needEveryAccount(tx, p, 'Global Voice Agent settings');
    const key = req.scope === 'global' ? 'global' : `account:${req.scope}`;
    const before = req.scope === 'global' ? ((await stored(tx, 'global')) ?? DEFAULT_VOICE_AGENT_SETTINGS) : (await effectiveVoiceAgent(tx, req.scope)).settings;
    if (before.transcript.aiDisclosure && !req.settings.transcript.aiDisclosure && !req.confirmDisclosureRemoval) {
      throw new AdminRefusal(409, 'Turning off the AI disclosure needs an explicit confirmation: callers will no longer be told they are talking to an AI.');
    }
    await tx.query(
      `insert into voice_agent_settings (scope, settings, updated_at, updated_by) values ($1, $2, $3, $4)
       on conflict (scope) do update set settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [key, JSON.stringify(req.settings), ctx.clock(), p.userId],
    );
    return req.settings;
  });
}

/** The account follows Global again, from now on. */
export async function resetVoiceAgentAccount(ctx: ServerContext, p: Principal, accountId: string) {
  needPermission(p);
  if (!p.accounts.some((a) => a.id === accountId)) throw new AdminRefusal(404, 'No such account among yours.');
  await ctx.db.query('delete from voice_agent_settings where scope = $1', [`account:${accountId}`]);
  return (await stored(ctx.db, 'global')) ?? DEFAULT_VOICE_AGENT_SETTINGS;
}

/**
 * Replaces an account's job types and fees with the list given (kept ids are updated, new ones
 * added). A job type already used by a booked job is never deleted, only renamed or repriced.
 */
export async function saveJobTypes(ctx: ServerContext, p: Principal, req: SaveJobTypes) {
  needPermission(p);
  if (!p.accounts.some((a) => a.id === req.accountId)) throw new AdminRefusal(404, 'No such account among yours.');
  const names = req.jobTypes.map((j) => j.name.toLowerCase());
  if (new Set(names).size !== names.length) throw new AdminRefusal(409, 'Two job types have the same name.');
  return transact(ctx.db, async (tx) => {
    const kept: string[] = [];
    for (const j of req.jobTypes) {
      if (j.id) {
        const [row] = await tx.query('update job_types set name = $3, dispatch_fee_cents = $4 where id = $1 and account_id = $2 returning id', [j.id, req.accountId, j.name, j.dispatchFeeCents]);
        if (!row) throw new AdminRefusal(404, `The job type “${j.name}” no longer exists in this account.`);
        kept.push(j.id);
      } else {
        const id = `jt-${randomUUID()}`;
        await tx.query('insert into job_types (id, account_id, name, dispatch_fee_cents) values ($1, $2, $3, $4)', [id, req.accountId, j.name, j.dispatchFeeCents]);
        kept.push(id);
      }
    }
    const dropped = await tx.query<{ id: string; name: string }>('select id, name from job_types where account_id = $1 and not (id = any($2::text[]))', [req.accountId, kept]);
    for (const d of dropped) {
      const [used] = await tx.query('select 1 from jobs where job_type_id = $1 limit 1', [d.id]);
      if (used) throw new AdminRefusal(409, `“${d.name}” has booked jobs and cannot be removed; rename or reprice it instead.`);
      await tx.query('delete from job_types where id = $1', [d.id]);
    }
    // Desks get job types with every pull; a poke makes them pull now.
    await notifyAccess(tx, { accountIds: [req.accountId] });
    const rows = await tx.query<{ id: string; name: string; dispatch_fee_cents: number | null }>('select id, name, dispatch_fee_cents from job_types where account_id = $1 order by name', [req.accountId]);
    return rows.map((r) => ({ id: r.id, accountId: req.accountId, name: r.name, dispatchFeeCents: r.dispatch_fee_cents }));
  });
}
