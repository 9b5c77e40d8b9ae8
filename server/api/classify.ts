import { can, type ApiErrorCode, type ApiParsedRequest } from '../../shared';
import type { Principal } from '../auth/principal';
import type { ServerContext } from '../context';
import { transact } from '../store/retry';

type Outcome = { ok: true } | { ok: false; status: 403 | 404 | 409; error: ApiErrorCode; message: string };

/**
 * The agent's after-call classification. Only the agent who took the call, or someone who works
 * Second Chance Leads for that account, may classify it, and only until the SCL rule has looked
 * at it (the After Call Work Time).
 */
export async function classifyCall(
  ctx: ServerContext,
  p: Principal,
  callSid: string,
  body: Omit<ApiParsedRequest<'classifyCall'>, 'callSid'>,
): Promise<Outcome> {
  return transact(ctx.db, async (tx) => {
    const [call] = await tx.query<{ account_id: string | null; agent_id: string | null; scl_checked: boolean }>(
      'select account_id, agent_id, scl_checked from calls where call_sid = $1 for update',
      [callSid],
    );
    const inScope = call?.account_id && p.accounts.some((a) => a.id === call.account_id);
    if (!call || !inScope) return { ok: false, status: 404, error: 'not_found', message: 'No such call in your accounts.' };
    if (call.agent_id !== p.userId && !can(p.permissions, 'workSecondChance')) {
      return { ok: false, status: 403, error: 'forbidden', message: 'Only the agent who took this call can classify it.' };
    }
    if (call.scl_checked) {
      return { ok: false, status: 409, error: 'conflict', message: 'The after-call work time for this call has passed.' };
    }
    if (body.outcome === 'not_booked' && !body.reason) {
      return { ok: false, status: 409, error: 'conflict', message: 'Choose why the call did not book.' };
    }
    await tx.query('update calls set classification = $2, reason = $3, notes = $4 where call_sid = $1', [
      callSid, body.outcome, body.reason ?? null, body.notes ?? null,
    ]);
    return { ok: true };
  });
}
