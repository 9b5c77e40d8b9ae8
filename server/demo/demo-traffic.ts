import { conversation, randomConversationKind } from './conversations';
import { DEMO_NUMBERS } from './seed';
import { SimulatedCarrier } from './simulated-carrier';

const NAMES = ['DANA WHITFIELD', 'PAT LEE', 'MORGAN HALE', 'JAMIE ROSS', 'TAYLOR KIM', 'CASEY PRICE', null, null];
const TO = [DEMO_NUMBERS.northRadio, DEMO_NUMBERS.northWeb, DEMO_NUMBERS.southTv];
const AGENTS = ['u-ava', 'u-ben', 'u-cora'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const randomCaller = () => `+1${pick(['312', '773', '404', '678'])}555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;

/**
 * Demo traffic for `npm start`: a steady mix of abandoned, answered, voicemail and callback
 * calls played through the simulated carrier, so the queues fill up the way a real day does.
 * Returns a stop function.
 */
export function startDemoTraffic(carrier: SimulatedCarrier, callsPerMinute: number, log: (msg: string) => void): () => void {
  if (callsPerMinute <= 0) return () => {};
  const recent: { from: string; to: string }[] = [];
  const tick = async () => {
    const roll = Math.random();
    const to = pick(TO);
    const from = recent.length > 3 && roll < 0.1 ? pick(recent).from : randomCaller();
    const callerName = pick(NAMES) ?? undefined;
    try {
      if (roll < 0.5) {
        await carrier.abandon({ from, to, callerName, queueSeconds: 10 + Math.floor(Math.random() * 240) });
        recent.push({ from, to });
        if (recent.length > 50) recent.shift();
        log(`abandoned call from ${from}`);
      } else if (roll < 0.8) {
        const talk = conversation(randomConversationKind(Math.random));
        await carrier.answer({ from, to, callerName, queueSeconds: 5 + Math.floor(Math.random() * 60), agentId: pick(AGENTS), conversation: talk });
        log(`answered call from ${from} (${talk.kind.replace(/_/g, ' ')})`);
      } else if (roll < 0.9) {
        await carrier.voicemail({ from, to, callerName, queueSeconds: 30, messageSeconds: 25 });
        log(`voicemail from ${from}`);
      } else if (recent.length) {
        const back = pick(recent);
        await carrier.callback({ callerId: back.to, customer: back.from, answered: Math.random() < 0.6, talkSeconds: 15 + Math.floor(Math.random() * 120) });
        log(`callback to ${back.from}`);
      }
    } catch (err) {
      log(`demo call failed: ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => void tick(), Math.max(10, 60_000 / callsPerMinute));
  return () => clearInterval(timer);
}
