import type { Queryable } from '../store/db';
import { DemoCallers } from './demo-callers';
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
  const callers = new DemoCallers();
  const to = [DEMO_NUMBERS.northRadio, DEMO_NUMBERS.northWeb, DEMO_NUMBERS.southTv];
  let n = 0;
  for (const [i, hours] of AGES_HOURS.entries()) {
    const c = callers.next();
    const sid = await carrier.abandon({ from: c.from, to: to[i % to.length]!, callerName: c.name, queueSeconds: 20 + ((i * 37) % 200) });
    await moveBack(db, sid, hours);
    n++;
  }
  // Answered calls left unclassified: the sweep files them as Second Chance Leads, some of them
  // older than the accounts' Cold Leads days.
  for (const [i, hours] of [6, 30, 80, 100].entries()) {
    const c = callers.next();
    const sid = await carrier.answer({ from: c.from, to: to[i % to.length]!, callerName: c.name, queueSeconds: 12, talkSeconds: 95 + i * 20, agentId: i % 2 ? 'u-ben' : 'u-ava' });
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
