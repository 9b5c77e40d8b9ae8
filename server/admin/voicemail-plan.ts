import { can, type VoicemailPlan, type VoicemailPlanView } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';
import { notifyAccess } from '../changes/access-notice';
import { AdminRefusal } from './refusal';

/*
 * The voicemail plan per account: callbacks show its caller ID (server/voice/caller-id.ts),
 * agents leave its callback number (the desk's session carries it), and with "original agent" a
 * customer who calls back is offered to the agent who left the voicemail first (the
 * calls_reserve_callback trigger and the poke hub).
 */

function needPhoneSettings(p: Principal) {
  if (!can(p.permissions, 'manageTrackingNumbers')) throw new AdminRefusal(403, 'The voicemail plan needs the Phone settings permission.');
}

type Row = { account_id: string; account_name: string; callback_caller_id: string; callback_number: string | null; callback_routing: string; original_agent_seconds: number };

export async function listVoicemailPlans(ctx: ServerContext, p: Principal): Promise<VoicemailPlanView[]> {
  needPhoneSettings(p);
  const ids = p.accounts.map((a) => a.id);
  const rows = await ctx.db.query<Row>(
    `select s.account_id, a.name as account_name, s.callback_caller_id, s.callback_number, s.callback_routing, s.original_agent_seconds
       from account_settings s join accounts a on a.id = s.account_id where s.account_id = any($1::text[]) order by a.name`,
    [ids],
  );
  const numbers = await ctx.db.query<{ e164: string; account_id: string; number_type: string; campaign: string | null }>(
    `select t.e164, t.account_id, t.number_type, c.name as campaign from tracking_numbers t left join campaigns c on c.id = t.campaign_id
      where t.account_id = any($1::text[]) order by t.e164`,
    [ids],
  );
  return rows.map((r) => ({
    accountId: r.account_id,
    accountName: r.account_name,
    callerId: r.callback_caller_id as VoicemailPlan['callerId'],
    callbackNumber: r.callback_number,
    callbackRouting: r.callback_routing as VoicemailPlan['callbackRouting'],
    originalAgentSeconds: r.original_agent_seconds,
    numbers: numbers.filter((n) => n.account_id === r.account_id).map((n) => ({ e164: n.e164, type: n.number_type, campaign: n.campaign })),
  }));
}

export async function saveVoicemailPlan(ctx: ServerContext, p: Principal, v: VoicemailPlan): Promise<VoicemailPlanView> {
  needPhoneSettings(p);
  if (!p.accounts.some((a) => a.id === v.accountId)) throw new AdminRefusal(404, 'No such account among yours.');
  await transact(ctx.db, async (tx) => {
    if (v.callerId.startsWith('+')) {
      const [own] = await tx.query('select 1 from tracking_numbers where e164 = $1 and account_id = $2', [v.callerId, v.accountId]);
      if (!own) throw new AdminRefusal(409, 'Callbacks can only show one of this account’s own numbers.', 'callerId');
    }
    await tx.query(
      `update account_settings set callback_caller_id = $2, callback_number = $3, callback_routing = $4, original_agent_seconds = $5, updated_at = $6
        where account_id = $1`,
      [v.accountId, v.callerId, v.callbackNumber, v.callbackRouting, v.originalAgentSeconds, ctx.clock()],
    );
    // The desks of the account carry the callback number in their session.
    await notifyAccess(tx, { accountIds: [v.accountId] });
  });
  return (await listVoicemailPlans(ctx, p)).find((x) => x.accountId === v.accountId)!;
}
