import { DateTime } from 'luxon';
import { loadPrincipal } from '../auth/principal';
import type { ServerContext } from '../context';
import { refitSclModel } from '../recovery/scl-refit';
import { sweepSecondChance } from '../recovery/second-chance';
import { transact } from '../store/retry';
import { applyMutation } from '../sync/mutations';
import { DEMO_ACCOUNTS } from './seed';
import { bookedOnTheCall, conversation, randomConversationKind, seededRng } from './conversations';

const CAMPAIGNS = ['cmp-north-radio', 'cmp-north-web'];
// The demo's own desk answered and closed these (seed.ts), not a person the README offers to sign in as.
const DEMO_DESK = 'u-dana';
const NORTH_ZONE = DEMO_ACCOUNTS.find((a) => a.id === 'acc-north')!.timeZone;

/**
 * Three weeks of Northside's answered calls for a fresh demo: transcribed conversations,
 * scored by the same rule as live calls, most flagged leads closed by a CSR (the outcome the
 * script says), and one refit from those outcomes. A newcomer then sees scores, reasons,
 * transcripts, calls left out, precision and a refit at once, not after a day of traffic.
 */
export async function seedSclHistory(ctx: ServerContext, calls = 120): Promise<void> {
  const rng = seededRng(2026);
  const now = ctx.clock().getTime();
  const truth = new Map<string, boolean>();
  const seeded = await transact(ctx.db, async (tx) => {
    // Two servers started at once on one database both see a fresh demo; the lock lets the
    // first seed the history and the second find it there (their seeded SIDs would collide).
    await tx.query("select pg_advisory_xact_lock(hashtext('rebound-demo-scl-history'))");
    if ((await tx.query("select 1 from calls where account_id = 'acc-north' and customer_e164 = '+13125558000' limit 1")).length > 0) return false;
    for (let i = 0; i < calls; i++) {
      const c = conversation(randomConversationKind(rng), rng);
      // Seeded like the rest, so the held-out split (a hash of the SID) is the same every time.
      const sid = 'CA' + Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
      const phone = `+1312555${String(8000 + i).padStart(4, '0')}`;
      // Placed at a seeded hour of Northside's own day, not at an offset from now: the scorer
      // weighs calls after hours, so an offset from now made the calls left out vary with the
      // hour the demo was started (19 at 04:50 UTC, more at other hours).
      const days = 1 + Math.floor(rng() * 20);
      const started = DateTime.fromMillis(now, { zone: NORTH_ZONE }).minus({ days }).startOf('day')
        .plus({ seconds: 7 * 3600 + Math.floor(rng() * 12 * 3600) }).toJSDate();
      const ended = new Date(started.getTime() + (20 + c.talkSeconds) * 1000);
      truth.set(phone, c.opportunity);
      // A call booked on the phone is recorded booked (out of Second Chance Leads): an unbooked
      // call's transcript never says a booking was made. The others as their agent left them.
      const booked = bookedOnTheCall(c.kind);
      const classification = booked ? 'booked' : c.reason ? 'not_booked' : null;
      await tx.query(
        `insert into calls (call_sid, account_id, direction, from_e164, to_e164, customer_e164, campaign_id, queue_id, started_at, ended_at,
                            call_status, status_rank, duration_seconds, queue_result, queue_time, answered, talk_seconds, agent_id,
                            classification, reason)
         values ($1, 'acc-north', 'inbound', $2, '+13125550101', $2, $3, 'q-north-service', $4, $5, 'completed', 4, $6, 'bridged', 20, true, $7, $8, $9, $10)`,
        [sid, phone, CAMPAIGNS[i % 2], started, ended, 20 + c.talkSeconds, c.talkSeconds, DEMO_DESK, classification, booked ? null : c.reason],
      );
      for (const [n, t] of c.turns.entries()) {
        await tx.query(
          `insert into call_transcripts (call_sid, transcription_sid, sequence_id, speaker, text, confidence, spoken_at)
           values ($1, 'GT' || md5($1), $2, $3, $4, 0.9, $5)`,
          [sid, n + 1, t.speaker, t.text, new Date(started.getTime() + (20 + t.atSeconds) * 1000)],
        );
      }
    }
    while ((await sweepSecondChance(tx, ctx.clock())).length > 0);
    return true;
  });
  if (!seeded) return;
  // CSRs closed about four in five of the flagged leads; the rest are still open to work.
  const dana = await loadPrincipal(ctx.db, DEMO_DESK);
  if (!dana) return;
  const leads = await ctx.db.query<{ id: string; phone: string }>(
    "select id, phone from leads where kind = 'second_chance' and phone like '+13125558%' order by id",
  );
  let id = 0;
  for (const l of leads) {
    if (rng() < 0.2) continue;
    const to = truth.get(l.phone) ? 'lead_not_following_up' : 'reviewed_not_a_lead';
    await applyMutation(ctx, dana, 'demo-history', { id: ++id, name: 'setStatus', args: { leadId: l.id, to } });
  }
  await transact(ctx.db, (tx) => refitSclModel(tx, ctx.clock()));
}
