import { conversation, randomUnbookedConversationKind } from './conversations';
import { DEMO_CALLERS } from './demo-callers';
import { DEMO_NUMBERS } from './seed';
import { newSid, SimulatedCarrier } from './simulated-carrier';

const TO = [DEMO_NUMBERS.northRadio, DEMO_NUMBERS.northWeb, DEMO_NUMBERS.southTv];
// Calls answered in the demo are taken by its own desk (Dana, in both accounts), never by a person
// the README offers to try the demo as: Ava would see calls she never took under her name.
const DEMO_AGENT = 'u-dana';

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

export type DemoTrafficHooks = {
  /** Whether a caller put in a queue is still waiting (nobody took them yet). */
  stillWaiting(callSid: string): Promise<boolean>;
  /** A customer an agent left a voicemail who has not called back yet (they will now, and wait in the queue). */
  voicemailCallBack?(): Promise<{ from: string; to: string; name: string | null } | null>;
};

/**
 * Demo traffic for `npm start`: a steady mix of abandoned, answered, voicemail and callback
 * calls played through the simulated carrier, so the queues fill up the way a real day does.
 * Some callers really wait in the queue (45 s to 2 min, as on a busy line), long enough for a
 * newcomer at a desk to answer them; those nobody takes hang up and become abandoned calls.
 * Returns a stop function.
 */
export function startDemoTraffic(carrier: SimulatedCarrier, callsPerMinute: number, log: (msg: string) => void, hooks?: DemoTrafficHooks): () => void {
  if (callsPerMinute <= 0) return () => {};
  const callers = DEMO_CALLERS;
  const recent: { from: string; to: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => Promise<void>) => {
    const t = setTimeout(() => {
      timers.delete(t);
      void fn().catch((err: Error) => log(`demo call failed: ${err.message}`));
    }, ms);
    timers.add(t);
  };
  const remember = (from: string, to: string) => {
    recent.push({ from, to });
    if (recent.length > 50) recent.shift();
  };

  const tick = async () => {
    // Customers call back after a voicemail, so the voicemail plan's "original agent" can be seen.
    const back = hooks?.voicemailCallBack && Math.random() < 0.5 ? await hooks.voicemailCallBack().catch(() => null) : null;
    if (back && hooks) {
      const wait = between(60, 120);
      await waitInQueue(carrier, hooks, { from: back.from, to: back.to, callerName: back.name ?? undefined }, wait, (ms, fn) => later(ms, fn)).catch(() => null);
      log(`caller ${back.from} calls back after a voicemail (waits ${wait} s)`);
      return;
    }
    const roll = Math.random();
    const to = pick(TO);
    const caller = recent.length > 3 && roll < 0.1 ? callers.again(pick(recent).from) : callers.next();
    const { from } = caller;
    const callerName = caller.name;
    try {
      if (roll < 0.3 && hooks) {
        // A caller who waits in the queue: answerable from any desk of the account until they give up.
        const wait = between(45, 120);
        const { gaveUp } = await waitInQueue(carrier, hooks, { from, to, callerName }, wait, (ms, fn) => later(ms, fn));
        log(`caller ${from} waiting in the queue (gives up after ${wait} s)`);
        void gaveUp.then((abandoned) => {
          if (!abandoned) return;
          remember(from, to);
          log(`caller ${from} gave up after ${wait} s: abandoned`);
        });
      } else if (roll < 0.5) {
        await carrier.abandon({ from, to, callerName, queueSeconds: between(10, 250) });
        remember(from, to);
        log(`abandoned call from ${from}`);
      } else if (roll < 0.8) {
        const talk = conversation(randomUnbookedConversationKind(Math.random));
        await carrier.answer({ from, to, callerName, queueSeconds: between(5, 65), agentId: DEMO_AGENT, conversation: talk });
        log(`answered call from ${from} (${talk.kind.replace(/_/g, ' ')})`);
      } else if (roll < 0.9) {
        await carrier.voicemail({ from, to, callerName, queueSeconds: 30, messageSeconds: 25 });
        log(`voicemail from ${from}`);
      } else if (recent.length) {
        const back = pick(recent);
        await carrier.callback({ callerId: back.to, customer: back.from, answered: Math.random() < 0.6, talkSeconds: between(15, 135) });
        log(`callback to ${back.from}`);
      }
    } catch (err) {
      log(`demo call failed: ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => void tick(), Math.max(10, 60_000 / callsPerMinute));
  return () => {
    clearInterval(timer);
    timers.forEach(clearTimeout);
  };
}

/**
 * Puts a caller in the queue; after `waitSeconds`, if nobody took them, they hang up (an
 * abandoned call). `gaveUp` says, once that time is over, whether they did.
 */
export async function waitInQueue(
  carrier: SimulatedCarrier,
  hooks: DemoTrafficHooks,
  c: { from: string; to: string; callerName: string | undefined },
  waitSeconds: number,
  schedule: (ms: number, fn: () => Promise<void>) => void = (ms, fn) => void setTimeout(() => void fn(), ms),
): Promise<{ gaveUp: Promise<boolean> }> {
  const sid = newSid('CA');
  await carrier.ring(sid, { ...c, queueSeconds: 0 });
  const gaveUp = new Promise<boolean>((resolve) =>
    schedule(waitSeconds * 1000, async () => {
      if (!(await hooks.stillWaiting(sid))) return resolve(false);
      await carrier.hangUpInQueue(sid, { ...c, queueSeconds: waitSeconds });
      resolve(true);
    }),
  );
  return { gaveUp };
}
