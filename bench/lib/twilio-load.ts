// Twilio's side of the server benchmarks: desks that record when each lead reaches them, and
// calls posted as signed webhooks, either closed-loop (as fast as answered) or open-loop on a
// schedule (Twilio posts when a call event happens, whether or not earlier ones were answered).
import WebSocket from 'ws';
import { DEMO_NUMBERS, DEMO_PASSWORD } from '../../server/demo/seed';
import { newSid, type SimulatedCarrier } from '../../server/demo/simulated-carrier';

export const SECRET = 'bench-secret-0123456789abcdef';

/** `count` desks signed in as a senior CSR; desk 0 records when each new lead's poke arrives (by customer). */
export async function desks(url: string, count: number) {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ben@rebound.example', password: DEMO_PASSWORD }),
  });
  const { token } = (await res.json()) as { token: string };
  const arrivals = new Map<string, number>();
  const waiters = new Set<() => void>();
  const sockets = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${url.replace('http', 'ws')}/api/sync/socket`, { headers: { authorization: `Bearer ${token}` } });
        let ready = false;
        ws.on('message', (d) => {
          // Measured at one desk. The others receive every frame the server sends them, but read
          // no further once connected: in production each desk parses on its own machine, and
          // 99 desks' parsing here took the two cores' share that the server is measured on.
          if (ready && i !== 0) return;
          const msg = JSON.parse(String(d));
          if (msg.type === 'hello') {
            ready = true;
            return resolve(ws);
          }
          if (msg.type !== 'poke') return; // offers and voice notices travel on the same socket
          const now = performance.now();
          for (const c of msg.created) if (!arrivals.has(c.customer)) arrivals.set(c.customer, now);
          waiters.forEach((w) => w());
        });
        ws.on('error', reject);
      }),
    ),
  );
  /** Resolves once every one of `customers` has reached desk 0, or after `timeoutMs`. */
  async function seen(customers: string[], timeoutMs: number): Promise<boolean> {
    const end = performance.now() + timeoutMs;
    while (!customers.every((c) => arrivals.has(c))) {
      if (performance.now() > end) return false;
      await new Promise<void>((r) => {
        const w = () => {
          waiters.delete(w);
          r();
        };
        waiters.add(w);
        setTimeout(w, 50);
      });
    }
    return true;
  }
  return { arrivals, seen, close: () => sockets.forEach((s) => s.close()) };
}

let callerSeq = 0;
/** A new caller number each time, unique across the bench process. */
export const caller = () => `+1312${String(2000000 + ++callerSeq).slice(-7)}`;

export function common(carrier: SimulatedCarrier, sid: string, from: string) {
  return { CallSid: sid, AccountSid: carrier.accountSid, From: from, To: DEMO_NUMBERS.northRadio, Direction: 'inbound' };
}

/** Posts and fails loudly on anything but 200: a benchmark of refused webhooks measures nothing. */
export async function post(carrier: SimulatedCarrier, path: string, params: Record<string, string>): Promise<void> {
  let r: { status: number; body: string } | undefined;
  // Thousands of sockets open at once in a spike: a reset connection is retried, as Twilio retries.
  for (let attempt = 1; !r; attempt++) {
    try {
      r = await carrier.post(path, params);
    } catch (err) {
      if (attempt >= 3 || (err as { code?: string }).code !== 'ECONNRESET') throw err;
    }
  }
  if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.body}`);
}

/** An abandoned call's three stored webhooks, each sent when the previous is answered. */
export async function abandonedCall(carrier: SimulatedCarrier, from: string, onHangup?: () => void) {
  const c = common(carrier, newSid('CA'), from);
  await post(carrier, '/twilio/voice/incoming', { ...c, CallStatus: 'ringing' });
  onHangup?.();
  await post(carrier, '/twilio/voice/enqueue-action', { ...c, CallStatus: 'completed', QueueResult: 'hangup', QueueTime: '30' });
  await post(carrier, '/twilio/voice/status', { ...c, CallStatus: 'completed', CallDuration: '30' });
}

export const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : Infinity;
};

/**
 * Webhook-to-poke at a steady pace: abandoned calls at `perSecond` webhooks a second for
 * `seconds`, each measured from its Enqueue action (the webhook that makes it a lead) to the
 * lead's poke at desk 0.
 */
export async function steady(carrier: SimulatedCarrier, d: Awaited<ReturnType<typeof desks>>, perSecond: number, seconds: number) {
  const sent = new Map<string, number>();
  const calls: Promise<void>[] = [];
  const interval = 1000 / (perSecond / 3);
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const from = caller();
    calls.push(abandonedCall(carrier, from, () => sent.set(from, performance.now())));
    const wait = start + (i + 1) * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(calls);
  await d.seen([...sent.keys()], 30_000);
  const lat = [...sent].flatMap(([from, t]) => (d.arrivals.has(from) ? [d.arrivals.get(from)! - t] : []));
  if (process.env['BENCH_DETAIL']) {
    const worst = [...sent].flatMap(([from, t]) => (d.arrivals.has(from) ? [[t - start, d.arrivals.get(from)! - t] as const] : [])).sort((a, b) => b[1] - a[1]).slice(0, 12);
    console.log(`# slowest: ${worst.map(([at, l]) => `${(at / 1000).toFixed(2)}s:${l.toFixed(0)}ms`).join(' ')}`);
  }
  return { p50: quantile(lat, 0.5), p99: quantile(lat, 0.99), missing: sent.size - lat.length };
}

export async function pending(url: string): Promise<number> {
  const h = (await (await fetch(`${url}/health`)).json()) as { inboxPending: number };
  return h.inboxPending;
}

export async function drained(url: string): Promise<void> {
  while ((await pending(url)) > 0) await new Promise((r) => setTimeout(r, 20));
}
