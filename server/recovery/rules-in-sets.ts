import { randomUUID } from 'node:crypto';
import { checkTransition, type FollowUpKind, type FollowUpStatus } from '../../shared';
import type { Queryable } from '../store/db';
import { recordChanges } from '../changes/change-log';
import { abandonedWhy, DONE, joinedWhy } from './abandoned';
import { SYSTEM } from './actors';
import { resolvedWhy } from './auto-resolve';
import { callbackWhy } from './callback-outcome';
import type { CallRow } from './calls-repo';
import { refreshReportAndResume } from './report-by-set';

/** A rule one webhook's new facts allowed, with the call as it stood right then (see BatchReplay). */
export type RuleFiring = { rule: 'abandoned' | 'resolve' | 'callback'; call: CallRow; now: Date };

type Lead = {
  id: string; kind: FollowUpKind; account_id: string; phone: string; status: FollowUpStatus; attempts: number;
  created_at: Date; first_ended_at: Date; ended_at: Date; duration_seconds: number; customer_name: string | null;
  queue_id: string | null; campaign_id: string | null; resolved_by_call_sid: string | null;
  created: boolean; changed: boolean;
};

const OPEN: readonly FollowUpStatus[] = ['new', 'contact_attempted', 'follow_up_needed'];
const key = (account: string, phone: string) => `${account}\u0001${phone}`;

/**
 * Runs the recovery rules a batch of webhooks fired, as if each had run right after its own
 * webhook (abandoned.ts, auto-resolve.ts, callback-outcome.ts say what each rule does), with a
 * fixed number of statements for the whole batch: the open entries of every caller concerned
 * are read and locked with one statement, the rules run in memory in the order they fired, and
 * each kind of write (new leads, changed leads, call links, history, change log) is one
 * statement. Leads of one caller only ever meet that caller's rules, so running them in firing
 * order per caller gives the same leads, attempts, statuses and history as one at a time.
 */
export async function planRuleFirings(q: Queryable, firings: RuleFiring[]): Promise<RuleWrites> {
  const w = new RuleWrites();
  if (firings.length === 0) return w;
  const byCaller = await lockOpenEntries(q, firings);
  const callbackLeads = await readCallbackLeads(q, firings);

  for (const f of firings) {
    const c = f.call;
    if (f.rule === 'callback') {
      const lead = callbackLeads.leads.get(c.lead_id!) ?? w.newLeads.get(c.lead_id!);
      if (!lead || lead.account_id !== c.account_id) continue;
      w.link(lead.id, c.call_sid);
      w.firstContact.push([lead.id, c.started_at ?? f.now]);
      w.history(lead.id, f.now, 'call_joined', null, null, callbackWhy(c, (c.agent_id && callbackLeads.agents.get(c.agent_id)) || null));
      w.change(lead, f.now, lead.customer_name ?? lead.phone);
      continue;
    }
    const leads = byCaller.get(key(c.account_id!, c.customer_e164!)) ?? [];
    byCaller.set(key(c.account_id!, c.customer_e164!), leads);
    if (f.rule === 'abandoned') {
      const endedAt = c.ended_at ?? f.now;
      const waited = c.queue_time ?? c.duration_seconds ?? 0;
      const open = leads.filter((l) => OPEN.includes(l.status)).sort((a, b) => a.created_at.getTime() - b.created_at.getTime())[0];
      if (open) {
        open.attempts += 1;
        open.ended_at = open.ended_at > endedAt ? open.ended_at : endedAt;
        open.duration_seconds = waited;
        open.customer_name ??= c.caller_name;
        open.queue_id = c.queue_id ?? open.queue_id;
        open.campaign_id = c.campaign_id ?? open.campaign_id;
        open.changed = true;
        w.link(open.id, c.call_sid);
        w.followUp.set(c.call_sid, { leadId: open.id, origin: false });
        w.history(open.id, f.now, 'call_joined', null, null, joinedWhy(open.attempts, abandonedWhy(waited)));
        w.change(open, f.now, c.caller_name ?? c.customer_e164!);
      } else {
        const lead: Lead = {
          id: randomUUID(), kind: 'abandoned', account_id: c.account_id!, phone: c.customer_e164!, status: 'new', attempts: 1,
          created_at: f.now, first_ended_at: endedAt, ended_at: endedAt, duration_seconds: waited, customer_name: c.caller_name,
          queue_id: c.queue_id, campaign_id: c.campaign_id, resolved_by_call_sid: null, created: true, changed: false,
        };
        leads.push(lead);
        w.newLeads.set(lead.id, lead);
        w.link(lead.id, c.call_sid);
        w.followUp.set(c.call_sid, { leadId: lead.id, origin: true });
        w.history(lead.id, f.now, 'created', null, 'new', abandonedWhy(waited));
        w.change(lead, f.now, c.caller_name ?? c.customer_e164!);
      }
    } else {
      const callStart = c.started_at ?? c.ended_at ?? f.now;
      for (const lead of leads.filter((l) => OPEN.includes(l.status) && l.ended_at <= callStart)) {
        if (!checkTransition('abandoned', lead.status, 'resolved', 'system').ok) continue;
        const from = lead.status;
        lead.status = 'resolved';
        lead.resolved_by_call_sid = c.call_sid;
        lead.changed = true;
        w.link(lead.id, c.call_sid);
        w.history(lead.id, f.now, 'status', from, 'resolved', resolvedWhy(c));
        w.change(lead, f.now, lead.customer_name ?? lead.phone);
      }
    }
  }
  w.changedLeads = [...byCaller.values()].flat().filter((l) => l.changed && !l.created);
  return w;
}

async function lockOpenEntries(q: Queryable, firings: RuleFiring[]): Promise<Map<string, Lead[]>> {
  const callers = new Map<string, [string, string]>();
  for (const f of firings) {
    if (f.rule !== 'callback') callers.set(key(f.call.account_id!, f.call.customer_e164!), [f.call.account_id!, f.call.customer_e164!]);
  }
  const out = new Map<string, Lead[]>();
  if (callers.size === 0) return out;
  // Not Done is Open for abandoned entries, and the words of the partial index the lookup uses.
  // Locked in id order, so two appliers (connections or processes) never wait on each other in a cycle.
  const rows = await q.query<Omit<Lead, 'created' | 'changed'>>(
    `select id, kind, account_id, phone, status, attempts, created_at, first_ended_at, ended_at, duration_seconds, customer_name,
            queue_id, campaign_id, resolved_by_call_sid
       from leads
      where kind = 'abandoned' and status not in ${DONE}
        and (account_id, phone) in (select * from unnest($1::text[], $2::text[]))
      order by id for update`,
    [[...callers.values()].map((c) => c[0]), [...callers.values()].map((c) => c[1])],
  );
  for (const r of rows) {
    const k = key(r.account_id, r.phone);
    const list = out.get(k) ?? [];
    list.push({ ...r, created_at: new Date(r.created_at), ended_at: new Date(r.ended_at), created: false, changed: false });
    out.set(k, list);
  }
  return out;
}

async function readCallbackLeads(q: Queryable, firings: RuleFiring[]) {
  const leadIds = [...new Set(firings.filter((f) => f.rule === 'callback').map((f) => f.call.lead_id!))];
  const agentIds = [...new Set(firings.filter((f) => f.rule === 'callback' && f.call.agent_id).map((f) => f.call.agent_id!))];
  const leads = new Map<string, Pick<Lead, 'id' | 'account_id' | 'kind' | 'phone' | 'customer_name'>>();
  const agents = new Map<string, string>();
  if (leadIds.length === 0) return { leads, agents };
  for (const l of await q.query<Pick<Lead, 'id' | 'account_id' | 'kind' | 'phone' | 'customer_name'>>(
    'select id, account_id, kind, phone, customer_name from leads where id = any($1::text[])',
    [leadIds],
  )) leads.set(l.id, l);
  if (agentIds.length) {
    for (const u of await q.query<{ id: string; name: string }>('select id, name from users where id = any($1::text[])', [agentIds])) agents.set(u.id, u.name);
  }
  return { leads, agents };
}

/**
 * What the batch's rules write, gathered so that each kind of write is one statement. The
 * calls' links to their entries (`followUp`) travel with the batch's one write of the calls.
 */
export class RuleWrites {
  readonly newLeads = new Map<string, Lead>();
  changedLeads: Lead[] = [];
  readonly links: [string, string][] = [];
  /** call SID → the entry it was filed under, and whether it opened it. */
  readonly followUp = new Map<string, { leadId: string; origin: boolean }>();
  readonly firstContact: [string, Date][] = [];
  readonly audits: { leadId: string; at: Date; action: string; from: string | null; to: string | null; why: string }[] = [];
  /** One change per lead per batch: a desk pulls the lead's latest state, however many times it changed. */
  readonly changes = new Map<string, { leadId: string; accountId: string; kind: FollowUpKind; created: boolean; customer: string; at: Date }>();

  link(leadId: string, callSid: string) {
    this.links.push([leadId, callSid]);
  }

  history(leadId: string, at: Date, action: string, from: string | null, to: string | null, why: string) {
    this.audits.push({ leadId, at, action, from, to, why });
  }

  change(lead: Pick<Lead, 'id' | 'account_id' | 'kind'> & { created?: boolean }, at: Date, customer: string) {
    const prior = this.changes.get(lead.id);
    this.changes.delete(lead.id); // re-inserted last: the log keeps the batch's order of last changes
    this.changes.set(lead.id, { leadId: lead.id, accountId: lead.account_id, kind: lead.kind, created: prior?.created ?? lead.created === true, customer: prior?.created ? prior.customer : customer, at });
  }

  /**
   * Writes the leads, links, history and change log. The caller has written the calls (with
   * their links) and switched the report triggers off for the transaction (see applySetWise):
   * every touched lead's report columns are refreshed here with one statement instead.
   */
  async flush(q: Queryable): Promise<void> {
    const changedLeads = this.changedLeads;
    const fresh = [...this.newLeads.values()];
    if (fresh.length) {
      await q.query(
        `insert into leads (id, kind, account_id, phone, customer_name, queue_id, campaign_id, status, first_ended_at, ended_at,
                            duration_seconds, attempts, resolved_by_call_sid, notes, created_at, updated_at)
         select id, kind, account_id, phone, customer_name, queue_id, campaign_id, status, first_ended_at, ended_at,
                duration_seconds, attempts, resolved_by_call_sid, '', created_at, created_at
           from jsonb_to_recordset($1::jsonb) as x(id text, kind text, account_id text, phone text, customer_name text, queue_id text,
                campaign_id text, status text, first_ended_at timestamptz, ended_at timestamptz, duration_seconds integer,
                attempts integer, resolved_by_call_sid text, created_at timestamptz)`,
        [JSON.stringify(fresh)],
      );
    }
    if (changedLeads.length) {
      await q.query(
        `update leads l set attempts = x.attempts, ended_at = x.ended_at, duration_seconds = x.duration_seconds,
                customer_name = x.customer_name, queue_id = x.queue_id, campaign_id = x.campaign_id, status = x.status,
                resolved_by_call_sid = x.resolved_by_call_sid
           from jsonb_to_recordset($1::jsonb) as x(id text, attempts integer, ended_at timestamptz, duration_seconds integer,
                customer_name text, queue_id text, campaign_id text, status text, resolved_by_call_sid text)
          where l.id = x.id`,
        [JSON.stringify(changedLeads)],
      );
    }
    if (this.links.length) {
      await q.query(
        'insert into lead_calls (lead_id, call_sid) select * from unnest($1::text[], $2::text[]) on conflict do nothing',
        [this.links.map((l) => l[0]), this.links.map((l) => l[1])],
      );
    }
    if (this.firstContact.length) {
      await q.query(
        `update leads l set first_contact_at = least(coalesce(l.first_contact_at, x.at), x.at)
           from (select id, min(at) as at from unnest($1::text[], $2::timestamptz[]) as f(id, at) group by id) x where l.id = x.id`,
        [this.firstContact.map((f) => f[0]), this.firstContact.map((f) => f[1])],
      );
    }
    await refreshReportAndResume(q, [...this.changes.keys()]);
    if (this.audits.length) {
      const a = this.audits;
      await q.query(
        `insert into audit_events (lead_id, at, actor_kind, actor_id, actor_name, action, from_value, to_value, why)
         select l, t, $3, $4, $5, act, f, tv, w
           from unnest($1::text[], $2::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[]) with ordinality as x(l, t, act, f, tv, w, n)
          order by n`,
        [a.map((e) => e.leadId), a.map((e) => e.at), SYSTEM.kind, SYSTEM.id, SYSTEM.name, a.map((e) => e.action), a.map((e) => e.from), a.map((e) => e.to), a.map((e) => e.why)],
      );
    }
    await recordChanges(q, [...this.changes.values()]);
  }
}
