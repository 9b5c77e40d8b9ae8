import type { Queryable } from '../store/db';
import type { CallerLine } from './relay-caller';
import { DEMO_NUMBERS } from './seed';
import type { SimulatedCarrier } from './simulated-carrier';

/*
 * The heat-wave spike of the workflow's first use case, for `npm start`: every few minutes a
 * burst of callers waits too long on the Northside service line, overflows to the Voice Agent
 * and talks to it at a human pace, so a newcomer watches the supervisor's Voice Agent tile move
 * and can take a handed-off caller at a CSR desk.
 */

const SCRIPTS: { who: string; lines: CallerLine[] }[] = [
  { who: 'books a job', lines: [{ say: 'Hi, my kitchen sink is clogged and the water is backing up' }, { say: 'Dana Whitfield' }, { say: '1420 Elm Street' }, { say: 'tomorrow morning' }, { say: 'yes please' }] },
  { who: 'asks for a person', lines: [{ say: 'My water heater is leaking all over the basement' }, { say: 'Can I talk to a real person please' }] },
  { who: 'hangs up mid-way', lines: [{ say: 'The toilet upstairs keeps running and now it is clogged' }, { say: 'Morgan Hale' }, { hangUp: true }] },
  { who: 'price shopper', lines: [{ say: 'How much do you charge for drain cleaning?' }, { say: 'no thanks, just checking prices' }] },
  { who: 'speaks in fragments and interrupts', lines: [{ say: 'uh my my water heater is not working', fragments: true }, { say: 'Jamie Ross', interruptAfter: 3 }, { say: '88 Lake Shore Drive' }, { say: 'Friday at 2pm' }, { say: 'yes' }] },
  { who: 'presses digits', lines: [{ say: 'I need a replacement estimate' }, { say: 'Casey Price' }, { say: '5 Pine Court' }, { say: 'next Monday afternoon' }, { press: '1' }] },
  { who: 'presses 0 for a person', lines: [{ say: 'hello?' }, { press: '0' }] },
];

const randomCaller = () => `+1773555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;

/** Demo only: the Northside service line overflows to the Voice Agent after 45 s of waiting. */
export async function seedVoiceAgentDemo(q: Queryable): Promise<void> {
  await q.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 45 where id = 'wf-north-service' and overflow_rule = 'none'");
}

export function startVoiceAgentSpikes(carrier: SimulatedCarrier, everyMinutes: number, log: (msg: string) => void): () => void {
  if (everyMinutes <= 0) return () => {};
  let stopped = false;
  const spike = async () => {
    const callers = 4 + Math.floor(Math.random() * 3);
    log(`Voice Agent spike: ${callers} callers overflow on the Northside service line`);
    await Promise.all(
      Array.from({ length: callers }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 1500));
        if (stopped) return;
        const script = SCRIPTS[Math.floor(Math.random() * SCRIPTS.length)]!;
        const from = randomCaller();
        try {
          const out = await carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 45, script: script.lines, pauseMs: 2500 });
          log(`Voice Agent call (${script.who}): ${out.run?.handoffData ?? 'caller hung up'}`);
          // A caller handed back waits for a CSR a while, then gives up like any caller.
          if (out.after?.includes('<Enqueue')) {
            setTimeout(() => void carrier.hangUpWaiting(out.sid, { from, to: DEMO_NUMBERS.northRadio, queueSeconds: 120 }).catch(() => {}), 120_000).unref();
          }
        } catch (err) {
          log(`Voice Agent demo call failed: ${(err as Error).message}`);
        }
      }),
    );
  };
  const first = setTimeout(() => void spike(), 20_000);
  const timer = setInterval(() => void spike(), everyMinutes * 60_000);
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
