import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NUMBERS, seedDemo } from '../../../server/demo/seed';
import type { Db } from '../../../server/store/db';
import { openDb } from '../../../server/store/open-db';
import { applySetWise, parseStored, type InboxRow } from '../../../server/telephony/batch/apply-set-wise';
import { applyOneWebhook } from '../../../server/telephony/inbox';
import { BACKENDS } from '../../support/backends';
import { createScratchDatabase } from '../../support/backends';

/*
 * The set-wise applier against the one-at-a-time handlers it replaces: any interleaving of many
 * calls' webhooks, applied in batches of any size, must leave the same leads (attempts, statuses,
 * durations, customers), the same history per lead, the same links between calls and leads and
 * the same call rows as applying every webhook on its own, in the same order.
 */

type Hook = { kind: string; params: Record<string, string>; query?: Record<string, string> };
type Scenario = 'abandoned' | 'answered-long' | 'answered-short' | 'voicemail' | 'carrier-forwarded' | 'status-first' | 'retried' | 'callback-long' | 'callback-no-answer' | 'unrouted' | 'forwarded-by-us' | 'agent-hung-up' | 'agent-handed-off';

const ACCOUNT_SID = 'AC' + 'a'.repeat(32);
const TO = [DEMO_NUMBERS.northRadio, DEMO_NUMBERS.northWeb, DEMO_NUMBERS.southTv];
let run = 0;

function sid(prefix: string, run: number, i: number, leg = 0): string {
  return prefix + `${run.toString(16).padStart(8, '0')}${i.toString(16).padStart(8, '0')}${leg.toString(16).padStart(16, '0')}`;
}

/** One call's webhooks, in the order Twilio sends them, as the simulated carrier posts them. */
function callHooks(s: Scenario, run: number, i: number, phone: string, to: string, queueSeconds: number, talk: number): Hook[] {
  const c = { CallSid: sid('CA', run, i), AccountSid: ACCOUNT_SID, From: phone, To: to, Direction: 'inbound' };
  const ring: Hook = { kind: 'incoming', params: { ...c, CallStatus: 'ringing', ...(s === 'carrier-forwarded' ? { ForwardedFrom: '+13125550111' } : {}), ...(i % 3 === 0 ? { CallerName: `CALLER ${i}` } : {}) } };
  const hangup: Hook = { kind: 'enqueue-action', params: { ...c, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: String(queueSeconds) } };
  const done = (d: number): Hook => ({ kind: 'status', params: { ...c, CallStatus: 'completed', CallDuration: String(d) } });
  switch (s) {
    case 'abandoned':
    case 'carrier-forwarded':
      return [ring, hangup, done(queueSeconds)];
    case 'status-first':
      return [done(queueSeconds), hangup, ring];
    case 'retried':
      return [ring, hangup, hangup, done(queueSeconds), { kind: 'status', params: { ...c, CallStatus: 'ringing' } }];
    case 'unrouted':
      return [{ kind: 'incoming', params: { ...ring.params, To: DEMO_NUMBERS.northUnrouted } }, { kind: 'status', params: { ...c, To: DEMO_NUMBERS.northUnrouted, CallStatus: 'completed', CallDuration: '4' } }];
    case 'forwarded-by-us':
      return [{ ...ring, query: { reboundForwarded: '1' } }, done(queueSeconds)];
    case 'answered-long':
    case 'answered-short': {
      const t = s === 'answered-long' ? 31 + talk : Math.min(talk, 30);
      return [
        ring,
        { kind: 'queue-bridged', params: { ...c, QueueSid: 'QU' + 'b'.repeat(32), QueueTime: String(queueSeconds), DequeingCallSid: sid('CA', run, i, 9) }, query: { agentId: 'u-ava' } },
        { kind: 'enqueue-action', params: { ...c, CallStatus: 'completed', QueueResult: 'bridged', QueueTime: String(queueSeconds) } },
        done(queueSeconds + t),
      ];
    }
    // The wait passed and the Voice Agent took the caller (its session is opened first, as routing
    // does); its Connect action applies by its own handler, between set-wise runs.
    case 'agent-hung-up':
    case 'agent-handed-off': {
      const leave: Hook = { kind: 'enqueue-action', params: { ...c, CallStatus: 'in-progress', QueueResult: 'leave', QueueTime: String(queueSeconds) } };
      const connect = (status: string, data?: object): Hook => ({
        kind: 'relay-action',
        params: { ...c, CallStatus: status, SessionId: 'VX' + 'd'.repeat(32), SessionStatus: 'ended', SessionDuration: String(talk), ...(data ? { HandoffData: JSON.stringify(data) } : {}) },
      });
      return s === 'agent-hung-up'
        ? [ring, leave, connect('completed'), done(queueSeconds + talk)]
        : [ring, leave, connect('in-progress', { reasonCode: 'live-agent-handoff', reason: 'Asked for a person.' }), hangup, done(queueSeconds + talk + 15)];
    }
    case 'voicemail':
      return [
        ring,
        { kind: 'enqueue-action', params: { ...c, CallStatus: 'in-progress', QueueResult: 'leave', QueueTime: String(queueSeconds) } },
        { kind: 'voicemail', params: { ...c, CallStatus: 'completed', RecordingUrl: 'https://api.twilio.com/rec/1', RecordingSid: 'RE' + 'c'.repeat(32) } },
        done(queueSeconds + 20),
      ];
    case 'callback-long':
    case 'callback-no-answer': {
      const leg = { CallSid: sid('CA', run, i, 1), AccountSid: ACCOUNT_SID, From: to, To: phone, Direction: 'outbound-dial', ParentCallSid: sid('CA', run, i, 2) };
      return s === 'callback-long'
        ? [
            { kind: 'status', params: { ...leg, CallStatus: 'initiated' } },
            { kind: 'status', params: { ...leg, CallStatus: 'in-progress' } },
            { kind: 'status', params: { ...leg, CallStatus: 'completed', CallDuration: String(31 + talk) } },
          ]
        : [{ kind: 'status', params: { ...leg, CallStatus: 'ringing' } }, { kind: 'status', params: { ...leg, CallStatus: 'no-answer', CallDuration: '0' } }];
    }
  }
}

const scenario = fc.constantFrom<Scenario>(
  'abandoned', 'abandoned', 'abandoned', 'answered-long', 'answered-short', 'voicemail', 'carrier-forwarded', 'status-first', 'retried',
  'callback-long', 'callback-no-answer', 'unrouted', 'forwarded-by-us', 'agent-hung-up', 'agent-handed-off',
);
const call = fc.record({ s: scenario, phone: fc.integer({ min: 0, max: 3 }), to: fc.integer({ min: 0, max: 2 }), queue: fc.integer({ min: 0, max: 90 }), talk: fc.integer({ min: 0, max: 60 }) });
const traffic = fc.record({
  calls: fc.array(call, { minLength: 1, maxLength: 14 }),
  // Which call sends its next webhook at each step (taken modulo the calls still sending), and the batch cuts.
  order: fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
  batches: fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 80, maxLength: 80 }),
  gapSeconds: fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 80, maxLength: 80 }),
});

describe.each(BACKENDS)('set-wise application on $name', (backend) => {
  const dbs: { db: Db; drop?: () => Promise<void> }[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const scratch = backend.url ? await createScratchDatabase(backend.url) : null;
      const db = await openDb({ databaseUrl: scratch?.url });
      await db.transaction((tx) => seedDemo(tx, { acwMinutes: 5 }));
      dbs.push({ db, drop: scratch?.drop });
    }
  });
  afterAll(async () => {
    for (const d of dbs) {
      await d.db.close();
      await d.drop?.();
    }
  });

  /** What a person would notice, with lead ids replaced by the calls each lead lists (ids are random). */
  async function snapshot(db: Db, phones: string[]) {
    const leads = await db.query<Record<string, unknown> & { id: string }>(
      `select l.id, l.kind, l.account_id, l.phone, l.status, l.attempts, l.customer_name, l.queue_id, l.campaign_id, l.first_ended_at,
              l.ended_at, l.duration_seconds, l.resolved_by_call_sid, l.first_contact_at, l.created_at, l.version > 0 as has_change,
              (select string_agg(call_sid, ',' order by call_sid) from lead_calls c where c.lead_id = l.id) as calls,
              (select json_agg(json_build_object('action', a.action, 'from', a.from_value, 'to', a.to_value, 'why', a.why, 'at', a.at, 'actor', a.actor_id) order by a.id)
                 from audit_events a where a.lead_id = l.id) as history
         from leads l where l.phone = any($1::text[])`,
      [phones],
    );
    const name = new Map(leads.map((l) => [l.id, String(l['calls'])]));
    const calls = await db.query<Record<string, unknown>>(
      `select call_sid, direction, from_e164, to_e164, started_at, account_id, campaign_id, queue_id, customer_e164, caller_name, forwarded,
              call_status, status_rank, duration_seconds, queue_result, queue_time, answered, talk_seconds, agent_id, voicemail,
              recording_url, resolve_checked, lead_id, lead_linked, ended_at, followup_lead_id, lead_origin, report_type, report_outcome
         from calls where from_e164 = any($1::text[]) or to_e164 = any($1::text[]) or customer_e164 = any($1::text[])`,
      [phones],
    );
    const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
    const sessions = await db.query<Record<string, unknown>>(
      'select call_sid, status, outcome, ended_at, duration_seconds, handoff_reason from voice_agent_sessions where from_e164 = any($1::text[]) order by call_sid',
      [phones],
    );
    return {
      sessions: sessions.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, norm(v)]))),
      leads: leads.map(({ id: _id, ...l }) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, norm(v)]))).sort((a, b) => String(a['calls']).localeCompare(String(b['calls']))),
      calls: calls
        .map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === 'followup_lead_id' && v ? name.get(String(v)) : norm(v)])))
        .sort((a, b) => String(a['call_sid']).localeCompare(String(b['call_sid']))),
    };
  }

  it('any interleaving of many calls, applied in batches, leaves what applying them one by one leaves', async () => {
    await fc.assert(
      fc.asyncProperty(traffic, async ({ calls, order, batches, gapSeconds }) => {
        const r = ++run;
        const phones = [0, 1, 2, 3].map((k) => `+1312${String(5_000_000 + r * 10 + k).slice(-7)}`);
        const queues = calls.map((c, i) => callHooks(c.s, r, i, phones[c.phone]!, TO[c.to]!, c.queue, c.talk));
        const hooks: (Hook & { at: Date })[] = [];
        let t = Date.parse('2026-07-01T15:00:00Z') + r * 86_400_000;
        for (let step = 0; queues.some((q) => q.length); step++) {
          const live = queues.filter((q) => q.length);
          const next = live[order[step % order.length]! % live.length]!.shift()!;
          t += 1000 * gapSeconds[step % gapSeconds.length]!;
          hooks.push({ ...next, at: new Date(t) });
        }
        const rows: InboxRow[] = hooks.map((h, i) => ({ id: i, kind: h.kind, params: JSON.parse(JSON.stringify(h.params)), query: h.query ?? {}, received_at: h.at }));

        const [one, sets] = dbs.map((d) => d.db) as [Db, Db];
        for (const [i, c] of calls.entries()) {
          if (c.s !== 'agent-hung-up' && c.s !== 'agent-handed-off') continue;
          const account = TO[c.to] === DEMO_NUMBERS.southTv ? 'acc-south' : 'acc-north';
          const opened = new Date(Date.parse('2026-07-01T15:00:00Z') + r * 86_400_000);
          for (const db of [one, sets]) {
            await db.query(
              `insert into voice_agent_sessions (call_sid, account_id, queue_id, reason, status, from_e164, created_at, connected_at)
               values ($1, $2, (select w.queue_id from tracking_numbers t join routing_workflows w on w.id = t.workflow_id where t.e164 = $3), 'wait', 'live', $4, $5, $5)`,
              [sid('CA', r, i), account, TO[c.to], phones[c.phone], opened],
            );
          }
        }
        for (const row of rows) await one.transaction((tx) => applyOneWebhook(tx, parseStored(row), row.received_at));
        for (let i = 0, b = 0; i < rows.length; b++) {
          const n = batches[b % batches.length]!;
          const failed = await sets.transaction((tx) => applySetWise(tx, rows.slice(i, i + n)));
          expect(failed).toEqual([]);
          i += n;
        }
        expect(await snapshot(sets, phones)).toEqual(await snapshot(one, phones));
      }),
      { numRuns: backend.name === 'pglite' ? 40 : 20 },
    );
  }, 600_000);
});
