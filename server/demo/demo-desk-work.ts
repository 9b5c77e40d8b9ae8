import { nextStatuses, type FollowUpKind, type FollowUpStatus } from '../../shared';
import type { Queryable } from '../store/db';
import { DEMO_PASSWORD } from './seed';

/*
 * Demo CSRs at work: while an account has more open leads than a busy desk would leave, Dana (a
 * demo user of her own, in both accounts) calls back the oldest of today's leads and closes them,
 * the way a real team keeps up, so the demo's queues reach a steady state instead of only growing.
 * Leads younger than a few minutes are left for whoever is trying the demo, and so is any lead
 * someone else has touched lately (claimed for a call, a status, a note in the last minutes): the
 * person trying the demo is working it, and a demo CSR closing it under them would look like
 * their work vanished. (A newcomer's walk saw Dana move a lead twice while it was open in Ben's
 * drawer, and close it right after his call.)
 */
const WORKERS = [
  { email: 'dana@rebound.example', accountId: 'acc-north', kinds: ['abandoned'] as FollowUpKind[] },
  { email: 'dana@rebound.example', accountId: 'acc-south', kinds: ['abandoned', 'second_chance'] as FollowUpKind[] },
];
const KEEP_OPEN = 8;
/** How long a new lead, or one someone else touched, is left to the person trying the demo. */
const LEAVE_MINUTES = 5;
/**
 * Status changes per account per round. One (a lead takes two: attempted, then closed) fell
 * behind the demo's calls: a newcomer's walk saw 5 open leads become 36 in 15 minutes.
 */
const PER_ROUND = 3;

export function startDemoDeskWork(db: Queryable, serverUrl: string, everyMs: number, log: (m: string) => void): () => void {
  const tick = demoDeskTick(db, serverUrl, log);
  const timer = setInterval(() => void tick().catch((err: Error) => log(`demo desk work failed: ${err.message}`)), everyMs);
  return () => clearInterval(timer);
}

/** One round of the demo desk's work: per account, up to PER_ROUND leads moved on or closed. Apart so tests can run a round. */
export function demoDeskTick(db: Queryable, serverUrl: string, log: (m: string) => void): () => Promise<void> {
  const clientId = `demo-desk-${process.pid}`;
  let id = 0;
  const tokens = new Map<string, string>();
  const call = async (email: string, path: string, body: unknown) => {
    let token = tokens.get(email);
    if (!token) {
      const r = await fetch(`${serverUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      if (!r.ok) throw new Error(`sign-in ${email}: ${r.status}`);
      token = ((await r.json()) as { token: string }).token;
      tokens.set(email, token);
    }
    const r = await fetch(serverUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (r.status === 401) tokens.delete(email);
    return r;
  };

  return async () => {
    for (const w of WORKERS) {
      // Claimed leads still count as open (the desk is that busy), but only unclaimed ones are worked.
      const open = await db.query<{ id: string; kind: FollowUpKind; status: FollowUpStatus; free: boolean }>(
        `select l.id, l.kind, l.status,
                (l.ended_at < now() - make_interval(mins => $4)
                 and (l.claim_user_id is null or l.claim_expires_at < now() - make_interval(mins => $4))
                 and not exists (select 1 from audit_events a
                                  where a.lead_id = l.id and a.at > now() - make_interval(mins => $4)
                                    and a.actor_id is distinct from (select u.id from users u where u.email = $3)
                                    and a.actor_kind = 'user')
                 and not exists (select 1 from lead_notes n
                                  where n.lead_id = l.id and n.at > now() - make_interval(mins => $4)
                                    and n.author_id is distinct from (select u.id from users u where u.email = $3))) as free
           from leads l
          where l.account_id = $1 and l.kind = any($2::text[]) and l.status in ('new', 'contact_attempted', 'follow_up_needed')
            and l.ended_at > now() - interval '20 hours'
          order by l.ended_at`,
        [w.accountId, w.kinds, w.email, LEAVE_MINUTES],
      );
      const free = open.filter((l) => l.free).slice(0, Math.min(PER_ROUND, open.length - KEEP_OPEN));
      for (const lead of free) {
        const choices = nextStatuses(lead.kind, lead.status, 'user');
        const to = choices.includes('contact_attempted') && lead.status === 'new' ? 'contact_attempted' : pickOutcome(choices);
        if (!to) continue;
        const r = await call(w.email, '/api/sync/push', { clientId, mutations: [{ id: ++id, name: 'setStatus', args: { leadId: lead.id, to } }] });
        log(`${w.email.split('@')[0]} set a lead to ${to} (${r.status})`);
      }
    }
  };
}

function pickOutcome(choices: FollowUpStatus[]): FollowUpStatus | undefined {
  const roll = Math.random();
  const want: FollowUpStatus[] = roll < 0.55 ? ['resolved'] : roll < 0.75 ? ['follow_up_needed'] : ['dismissed', 'reviewed_not_a_lead', 'lead_not_following_up'];
  return choices.find((c) => want.includes(c)) ?? choices.find((c) => c !== 'contact_attempted');
}
