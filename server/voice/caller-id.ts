import type { Queryable } from '../store/db';

/**
 * The number a callback shows the customer, by the account's voicemail plan: the tracking
 * number they called (so the callback is recognised and the campaign keeps its attribution),
 * the account's main number, or one number of the account the plan names. Either way it falls back to the other, then to any number
 * of the account, rather than failing a call over a missing setting.
 */
export async function callerIdFor(q: Queryable, lead: { id: string; account_id: string }): Promise<string | null> {
  const [plan] = await q.query<{ callback_caller_id: string }>('select callback_caller_id from account_settings where account_id = $1', [lead.account_id]);
  const [called] = await q.query<{ e164: string }>(
    `select t.e164 from lead_calls lc join calls c on c.call_sid = lc.call_sid
       join tracking_numbers t on t.e164 = c.to_e164 and t.account_id = $2
      where lc.lead_id = $1 and c.direction = 'inbound'
      order by c.started_at desc nulls last limit 1`,
    [lead.id, lead.account_id],
  );
  const [main] = await q.query<{ e164: string }>(
    `select e164 from tracking_numbers where account_id = $1 order by (number_type = 'main') desc, e164 limit 1`,
    [lead.account_id],
  );
  // A number the plan names, while it is still the account's.
  if (plan?.callback_caller_id.startsWith('+')) {
    const [chosen] = await q.query<{ e164: string }>('select e164 from tracking_numbers where e164 = $1 and account_id = $2', [plan.callback_caller_id, lead.account_id]);
    if (chosen) return chosen.e164;
  }
  const preferMain = plan?.callback_caller_id === 'main';
  return (preferMain ? (main?.e164 ?? called?.e164) : (called?.e164 ?? main?.e164)) ?? null;
}
