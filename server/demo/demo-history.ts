import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/db';
import { DEMO_CALLERS } from './demo-callers';
import { DEMO_NUMBERS } from './seed';
import type { SimulatedCarrier } from './simulated-carrier';

/*
 * A few days of history for a fresh demo database, so a newcomer sees leads on both sides of the
 * Cold line (Abandoned Calls go cold after 24 hours, Second Chance Leads after the account's
 * days) and the report has more than today. The calls go through the simulated carrier like any
 * other, then their times are moved back, as if they had come in then.
 */
const AGES_HOURS = [2, 5, 9, 20, 26, 30, 40, 52, 70, 80, 100];

export async function seedDemoHistory(db: Queryable, carrier: SimulatedCarrier, log: (m: string) => void): Promise<void> {
  // Northside's voicemail plan sends a customer's call-back to the agent who left the voicemail
  // first (for a minute): leave one with "v" after a callback, then ring in from that number.
  await db.query(
    "update account_settings set callback_routing = 'original_agent', original_agent_seconds = 60, callback_number = $1 where account_id = 'acc-north'",
    [DEMO_NUMBERS.northRadio],
  );
  const callers = DEMO_CALLERS;
  const to = [DEMO_NUMBERS.northRadio, DEMO_NUMBERS.northWeb, DEMO_NUMBERS.southTv];
  let n = 0;
  const sids = new Map<number, string>();
  for (const [i, hours] of AGES_HOURS.entries()) {
    const c = callers.next();
    const sid = await carrier.abandon({ from: c.from, to: to[i % to.length]!, callerName: c.name, queueSeconds: 20 + ((i * 37) % 200) });
    await moveBack(db, sid, hours);
    sids.set(hours, sid);
    n++;
  }
  // What became of some: jobs booked and reported completed (the report's Job Completion Date),
  // one cancelled, one resolved without a job, as the field-service system and a CSR left them.
  await closeInHistory(db, sids.get(40)!, 'completed');
  await closeInHistory(db, sids.get(52)!, 'completed');
  await closeInHistory(db, sids.get(70)!, 'cancelled');
  await closeInHistory(db, sids.get(30)!, 'no_job');
  // Answered calls left unclassified: the sweep files them as Second Chance Leads, some of them
  // older than the accounts' Cold Leads days.
  for (const [i, hours] of [6, 30, 80, 100].entries()) {
    const c = callers.next();
    const sid = await carrier.answer({ from: c.from, to: to[i % to.length]!, callerName: c.name, queueSeconds: 12, talkSeconds: 95 + i * 20, agentId: 'u-dana' });
    await moveBack(db, sid, hours);
    n++;
  }
  log(`seeded ${n} calls of the last ${Math.max(...AGES_HOURS)} hours`);
}

async function moveBack(db: Queryable, callSid: string, hours: number): Promise<void> {
  const by = `${hours} hours`;
  await db.query('update calls set started_at = started_at - $2::interval, ended_at = ended_at - $2::interval where call_sid = $1', [callSid, by]);
  const leads = await db.query<{ lead_id: string }>('select lead_id from lead_calls where call_sid = $1', [callSid]);
  for (const { lead_id } of leads) {
    await db.query(
      `update leads set first_ended_at = first_ended_at - $2::interval, ended_at = ended_at - $2::interval,
              created_at = created_at - $2::interval where id = $1`,
      [lead_id, by],
    );
    await db.query('update audit_events set at = at - $2::interval where lead_id = $1', [lead_id, by]);
  }
}

/** A demo lead closed in the past: a job booked two hours after the call and then completed or cancelled, or resolved by hand. */
async function closeInHistory(db: Queryable, callSid: string, how: 'completed' | 'cancelled' | 'no_job'): Promise<void> {
  const [lead] = await db.query<{ id: string; account_id: string; ended_at: Date; customer_name: string | null; status: string }>(
    'select l.id, l.account_id, l.ended_at, l.customer_name, l.status from leads l join lead_calls lc on lc.lead_id = l.id where lc.call_sid = $1',
    [callSid],
  );
  if (!lead || lead.status !== 'new') return;
  const ended = new Date(lead.ended_at).getTime();
  const at = (minutes: number) => new Date(ended + minutes * 60_000);
  // The demo's own desk: the history of a lead someone trying the demo opens never names them.
  const csr = { id: 'u-dana', name: 'Dana Reyes' };
  const event = (when: Date, actorKind: string, actor: { id: string; name: string }, action: string, from: string | null, to: string | null, why: string) =>
    db.query('insert into audit_events (lead_id, at, actor_kind, actor_id, actor_name, action, from_value, to_value, why) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [lead.id, when, actorKind, actor.id, actor.name, action, from, to, why]);
  await db.query('update leads set first_contact_at = $2 where id = $1', [lead.id, at(6)]);
  await event(at(6), 'user', csr, 'status', 'new', 'contact_attempted', 'Called back.');
  if (how === 'no_job') {
    await db.query("update leads set status = 'resolved' where id = $1", [lead.id]);
    await event(at(20), 'user', csr, 'status', 'contact_attempted', 'resolved', 'Customer reached: sorted out on the phone, no visit needed.');
    return;
  }
  const [jobType] = await db.query<{ id: string }>('select id from job_types where account_id = $1 order by id limit 1', [lead.account_id]);
  const jobId = randomUUID();
  await db.query(
    `insert into jobs (id, lead_id, account_id, job_type_id, window_start, window_end, customer_name, address, created_at, created_by, completed_at, cancelled_at)
     values ($1, $2, $3, $4, $5, $6, $7, '12 Demo Street', $8, $9, $10, $11)`,
    [jobId, lead.id, lead.account_id, jobType!.id, at(120), at(240), lead.customer_name ?? 'Demo customer', at(10), csr.id, how === 'completed' ? at(230) : null, how === 'cancelled' ? at(100) : null],
  );
  await db.query("update leads set status = 'resolved' where id = $1", [lead.id]);
  await event(at(10), 'user', csr, 'booked', null, jobId, 'Job booked.');
  await event(at(10), 'user', csr, 'status', 'contact_attempted', 'resolved', 'Job booked.');
  const fieldService = { id: 'field-service', name: 'Field service' };
  if (how === 'completed') await event(at(230), 'system', fieldService, 'job_completed', null, jobId, 'The field-service system reported the job completed.');
  else await event(at(100), 'system', fieldService, 'job_cancelled', null, jobId, 'The field-service system reported the job cancelled.');
}
