import type { Queryable } from '../../store/db';
import { CALL_COLUMNS } from '../../recovery/calls-repo';
import { planRuleFirings, type RuleWrites } from '../../recovery/rules-in-sets';
import { VOICE_CHANNEL, type VoiceNotice } from '../../changes/voice-notices';
import { offerOf } from '../../voice/waiting-callers';
import { routesFor } from '../call-events';
import {
  clientCallParams,
  dialActionParams,
  enqueueActionParams,
  incomingParams,
  queueBridgedParams,
  recordingParams,
  relayActionParams,
  statusParams,
  transcriptionParams,
  voicemailParams,
} from '../params';
import { WEBHOOK_COLUMNS, type CallState } from './call-state';
import { applyOneWebhook } from './apply-one';
import { BatchReplay, batchKeys, isReplayed, type ParsedWebhook, type ReplayedWebhook } from './replay';
import { reportBySet } from '../../recovery/report-by-set';

export type InboxRow = { id: unknown; kind: string; params: unknown; query: Record<string, string> | null; received_at: Date };

/** The stored query flag the incoming route sets when it forwarded the call (never taken from the URL). */
export const FORWARDED_FLAG = 'reboundForwarded';

/** Re-reads a stored webhook; a row that no longer parses is kept with its reason, never dropped. */
export function parseStored(row: InboxRow): ParsedWebhook {
  const p = row.params;
  const query = row.query ?? {};
  switch (row.kind) {
    case 'incoming': return { kind: 'incoming', p: incomingParams.parse(p), forwardedByUs: query[FORWARDED_FLAG] === '1', toVoiceAgent: query['voiceAgent'] === '1' };
    case 'enqueue-action': return { kind: 'enqueue-action', p: enqueueActionParams.parse(p) };
    case 'queue-bridged': return { kind: 'queue-bridged', p: queueBridgedParams.parse(p), agentId: query['agentId'] ?? null };
    case 'status': return { kind: 'status', p: statusParams.parse(p) };
    case 'dial-action': return { kind: 'dial-action', p: dialActionParams.parse(p) };
    case 'recording': return { kind: 'recording', p: recordingParams.parse(p) };
    case 'voicemail': return { kind: 'voicemail', p: voicemailParams.parse(p) };
    case 'client': return { kind: 'client', p: clientCallParams.parse(p) };
    case 'transcription': return { kind: 'transcription', p: transcriptionParams.parse(p), query };
    case 'relay-action': return { kind: 'relay-action', p: relayActionParams.parse(p) };
    default: throw new Error(`Unknown webhook kind ${row.kind}.`);
  }
}

/**
 * Applies a claimed batch of webhooks with a fixed number of statements, whatever its size:
 * one read each for the calls (locked, in SID order), their numbers' routes and the leads
 * softphone calls name; the webhooks replayed in memory in inbox order; one write for every
 * changed call; the recovery rules in sets (rules-in-sets.ts); one NOTIFY statement for the
 * desks' voice events. Returns the rows it could not parse, with their reasons.
 */
export async function applySetWise(q: Queryable, rows: InboxRow[]): Promise<{ id: unknown; error: string }[]> {
  const failed: { id: unknown; error: string }[] = [];
  const batch: { w: ParsedWebhook; at: Date }[] = [];
  for (const row of rows) {
    try {
      batch.push({ w: parseStored(row), at: new Date(row.received_at) });
    } catch (err) {
      failed.push({ id: row.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  for (let pending = batch; pending.length; ) {
    const { now, rest } = nextRound(pending);
    const replayed = now.filter((b): b is { w: ReplayedWebhook; at: Date } => isReplayed(b.w));
    await applyRun(q, replayed);
    for (const b of now) if (!isReplayed(b.w)) await applyOneWebhook(q, b.w, b.at);
    pending = rest;
  }
  return failed;
}

/** The customer a webhook is about: the recovery rules join a customer's calls by this number. */
function customerOf(w: ParsedWebhook): string | null {
  const p = w.p as { From?: string; To?: string; Direction?: string };
  const outbound = p.Direction?.startsWith('outbound') || p.From?.startsWith('client:');
  return (outbound ? p.To : p.From) ?? null;
}

/**
 * Kinds not replayed in memory (transcriptions, the Voice Agent's Connect action) apply on
 * their own handlers. Run by run in inbox order, each of them split the batch: with a spike's
 * callers leaving the Voice Agent, a batch of 50 webhooks became a dozen set-wise runs and
 * held ordinary leads back (bench/voice-agent.bench.ts). A webhook only has to wait for
 * earlier ones of its own call and its own customer, so a round takes every replayed webhook
 * that none of those hold back, set-wise, and then every own-handler webhook that nothing
 * left holds back, in inbox order; the rest waits for the next round. A webhook whose customer
 * is not known waits for everything before it.
 */
function nextRound<B extends { w: ParsedWebhook }>(pending: B[]): { now: B[]; rest: B[] } {
  const held = { calls: new Set<string>(), customers: new Set<string>(), all: false };
  const hold = (w: ParsedWebhook, customer: string | null) => {
    held.calls.add(w.p.CallSid);
    if (customer) held.customers.add(customer);
    else held.all = true;
  };
  const isHeld = (w: ParsedWebhook, customer: string | null) =>
    held.all || held.calls.has(w.p.CallSid) || (customer ? held.customers.has(customer) : held.calls.size > 0);
  const sets: B[] = [];
  const later: B[] = [];
  for (const b of pending) {
    const customer = customerOf(b.w);
    if (isReplayed(b.w) && !isHeld(b.w, customer)) sets.push(b);
    else {
      later.push(b);
      hold(b.w, customer);
    }
  }
  // After this round's set: the own-handler webhooks nothing still waiting holds back.
  held.calls.clear();
  held.customers.clear();
  held.all = false;
  const own: B[] = [];
  const rest: B[] = [];
  for (const b of later) {
    const customer = customerOf(b.w);
    if (!isReplayed(b.w) && !isHeld(b.w, customer)) own.push(b);
    else {
      rest.push(b);
      hold(b.w, customer);
    }
  }
  return { now: [...sets, ...own], rest };
}

async function applyRun(q: Queryable, batch: { w: ReplayedWebhook; at: Date }[]): Promise<void> {
  if (batch.length === 0) return;
  const keys = batchKeys(batch.map((b) => b.w));
  const calls = new Map<string, CallState>();
  for (const c of await q.query<CallState>(
    `select ${CALL_COLUMNS}, from_e164, to_e164, recording_url from calls where call_sid = any($1::text[]) order by call_sid for update`,
    [keys.sids],
  )) calls.set(c.call_sid, { ...c, stored: true, dirty: false });
  const leadAccounts = new Map<string, string>();
  if (keys.leadIds.length) {
    for (const l of await q.query<{ id: string; account_id: string }>('select id, account_id from leads where id = any($1::text[])', [keys.leadIds])) {
      leadAccounts.set(l.id, l.account_id);
    }
  }
  const replay = new BatchReplay({ calls, routes: await routesFor(q, keys.numbers), leadAccounts });
  for (const b of batch) replay.apply(b.w, b.at);

  const rules = await planRuleFirings(q, replay.firings);
  for (const sid of rules.followUp.keys()) calls.get(sid)!.dirty = true;

  // The report's triggers stand aside; rules.flush refreshes every lead it touched.
  await reportBySet(q);
  await writeCalls(q, [...calls.values()].filter((c) => c.dirty).sort((a, b) => (a.call_sid < b.call_sid ? -1 : 1)), rules);
  await rules.flush(q);
  await notifyAll(q, replay.notices);
}

/** Every changed call with one statement, with the entry it was filed under when it was in this batch. */
async function writeCalls(q: Queryable, dirty: CallState[], rules: RuleWrites): Promise<void> {
  if (dirty.length === 0) return;
  const cols = WEBHOOK_COLUMNS.map(([c]) => c);
  await q.query(
    `insert into calls (call_sid, ${cols.join(', ')}, followup_lead_id, lead_origin)
     select call_sid, ${cols.join(', ')}, followup_lead_id, coalesce(lead_origin, false)
       from jsonb_to_recordset($1::jsonb) as x(call_sid text, ${WEBHOOK_COLUMNS.map(([c, t]) => `${c} ${t}`).join(', ')},
            followup_lead_id text, lead_origin boolean)
     on conflict (call_sid) do update set ${cols.map((c) => `${c} = excluded.${c}`).join(', ')},
            followup_lead_id = coalesce(excluded.followup_lead_id, calls.followup_lead_id),
            lead_origin = calls.lead_origin or excluded.lead_origin`,
    [
      JSON.stringify(
        dirty.map((c) => {
          const link = rules.followUp.get(c.call_sid);
          return Object.fromEntries([
            ['call_sid', c.call_sid], ...cols.map((k) => [k, c[k]]),
            ['followup_lead_id', link?.leadId ?? null], ['lead_origin', link?.origin ?? false],
          ]);
        }),
      ),
    ],
  );
}

async function notifyAll(q: Queryable, pending: BatchReplay['notices']): Promise<void> {
  if (pending.length === 0) return;
  const queueIds = [...new Set(pending.flatMap((n) => ('offerOf' in n && n.offerOf.queue_id ? [n.offerOf.queue_id] : [])))];
  const names = new Map<string, string>();
  if (queueIds.length) {
    for (const r of await q.query<{ id: string; name: string }>('select id, name from queues where id = any($1::text[])', [queueIds])) names.set(r.id, r.name);
  }
  const notices: VoiceNotice[] = pending.map((n) =>
    'offerOf' in n
      ? offerOf({ ...n.offerOf, account_id: n.offerOf.account_id!, queue_id: n.offerOf.queue_id!, queue_name: names.get(n.offerOf.queue_id!) ?? null }, n.now)
      : n,
  );
  await q.query('select pg_notify($1, p) from unnest($2::text[]) with ordinality as x(p, n) order by n', [VOICE_CHANNEL, notices.map((n) => JSON.stringify(n))]);
}
