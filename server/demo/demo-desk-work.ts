import { nextStatuses, type FollowUpKind, type FollowUpStatus } from '../../shared';
import type { Queryable } from '../store/db';
import { DEMO_PASSWORD } from './seed';

/*
 * Demo CSRs at work: while an account has more open leads than a busy desk would leave, Dana (a
 * demo user of her own, in both accounts) calls back the oldest of today's leads and closes them,
 * the way a real team keeps up, so the demo's queues reach a steady state instead of only growing.
 * Leads younger than a few minutes are left for whoever is trying the demo, and so is any lead
 * someone holds a live claim on: the person trying the demo opened it, and a demo CSR closing it
 * under them would look like their work vanished.
 */
const WORKERS = [
  { email: 'dana@rebound.example', accountId: 'acc-north', kinds: ['abandoned'] as FollowUpKind[] },
  { email: 'dana@rebound.example', accountId: 'acc-south', kinds: ['abandoned', 'second_chance'] as FollowUpKind[] },
];
const KEEP_OPEN = 8;
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
        `select id, kind, status, (claim_user_id is null or claim_expires_at < now()) as free from leads
          where account_id = $1 and kind = any($2::text[]) and status in ('new', 'contact_attempted', 'follow_up_needed')
            and ended_at > now() - interval '20 hours'
          order by ended_at`,
        [w.accountId, w.kinds],
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
