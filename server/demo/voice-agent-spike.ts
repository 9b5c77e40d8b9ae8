import { DEFAULT_VOICE_AGENT_SETTINGS } from '../../shared';
import type { Queryable } from '../store/db';
import { DEMO_CALLERS } from './demo-callers';
import type { CallerLine } from './relay-caller';
import { DEMO_NUMBERS } from './seed';
import type { SimulatedCarrier } from './simulated-carrier';

/*
 * The heat-wave spike of the workflow's first use case, for `npm start`: every few minutes a
 * burst of callers waits too long on the Northside service line, overflows to the Voice Agent
 * and talks to it at a human pace, so a newcomer watches the supervisor's Voice Agent tile move
 * and can take a handed-off caller at a CSR desk.
 */

// `nameAt`: the line where the caller gives their name, which the demo replaces with the
// caller's own (one name per number, as the demo's other callers have).
export const SPIKE_SCRIPTS = {
  books: { who: 'books a job', nameAt: 1, lines: [{ say: 'Hi, my kitchen sink is clogged and the water is backing up' }, { say: 'Dana Whitfield' }, { say: '1420 Elm Street' }, { say: 'tomorrow morning' }, { say: 'yes please' }] },
  asksForPerson: { who: 'asks for a person', lines: [{ say: 'My water heater is leaking all over the basement' }, { say: 'Can I talk to a real person please' }] },
  hangsUp: { who: 'hangs up mid-way', nameAt: 1, lines: [{ say: 'The toilet upstairs keeps running and now it is clogged' }, { say: 'Morgan Hale' }, { hangUp: true }] },
  priceShopper: { who: 'price shopper', lines: [{ say: 'How much do you charge for drain cleaning?' }, { say: 'no thanks, just checking prices' }] },
  fragments: { who: 'speaks in fragments and interrupts', nameAt: 1, lines: [{ say: 'uh my my water heater is not working', fragments: true }, { say: 'Jamie Ross', interruptAfter: 3 }, { say: '88 Lake Shore Drive' }, { say: 'Friday at 2pm' }, { say: 'yes' }] },
  digits: { who: 'presses digits', nameAt: 1, lines: [{ say: 'I need a replacement estimate' }, { say: 'Casey Price' }, { say: '5 Pine Court' }, { say: 'next Monday afternoon' }, { press: '1' }] },
  presses0: { who: 'presses 0 for a person', lines: [{ say: 'hello?' }, { press: '0' }] },
  // Callers with a visit booked in an earlier spike (the same number): the Reschedule and Cancel
  // skills act on it when an admin switched them on, and hand the caller to a person otherwise.
  reschedules: { who: 'moves their booked visit', lines: [{ say: 'Hi, I need to reschedule my appointment' }, { say: 'next Monday afternoon' }, { say: 'yes' }] },
  cancels: { who: 'cancels their booked visit', lines: [{ say: 'I need to cancel my appointment' }, { say: 'yes' }] },
} satisfies Record<string, { who: string; nameAt?: number; lines: CallerLine[] }>;
export type SpikeScript = keyof typeof SPIKE_SCRIPTS;

const randomCaller = () => `+1773555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;

/**
 * Demo only: the Northside service line overflows to the Voice Agent after 45 s of waiting, and
 * Northside has settings of its own with the Reschedule skill on (Cancel stays off, as Global's
 * default), so a newcomer sees the spike's callers move a booked visit, and sees a caller who
 * wants to cancel handed to a person with why; the admin screen shows an account-level override.
 */
export async function seedVoiceAgentDemo(q: Queryable): Promise<void> {
  await q.query("update routing_workflows set overflow_rule = 'wait', overflow_wait_seconds = 45 where id = 'wf-north-service' and overflow_rule = 'none'");
  const northside = { ...DEFAULT_VOICE_AGENT_SETTINGS, skills: { ...DEFAULT_VOICE_AGENT_SETTINGS.skills, rescheduleJobs: true } };
  await q.query(
    `insert into voice_agent_settings (scope, settings, updated_at, updated_by) values ('account:acc-north', $1, now(), 'demo')
     on conflict (scope) do nothing`,
    [JSON.stringify(northside)],
  );
}

export type SpikeCaller = { script: SpikeScript; from: string; sid: string; outcome: string; handedOff: boolean };

/**
 * One spike: these callers ring the Northside service line a moment apart, wait the rule's 45 s,
 * overflow to the Voice Agent and say their lines, pausing like people do. A caller handed back
 * to the queue is passed to `handedOff` (the demo lets them give up after a while; a test lets a
 * CSR take them). Resolves once every conversation with the agent is over.
 */
export async function playSpike(
  carrier: SimulatedCarrier,
  o: {
    scripts: SpikeScript[];
    staggerMs: number;
    pauseMs: number;
    log: (msg: string) => void;
    stopped?: () => boolean;
    handedOff?: (c: SpikeCaller) => void;
    /** The number a caller of this script calls from; a random one when not given. */
    fromFor?: (script: SpikeScript) => string | undefined;
    /** The name the caller from this number gives; the script's own when not given. */
    nameFor?: (from: string) => string | undefined;
  },
): Promise<SpikeCaller[]> {
  o.log(`Voice Agent spike: ${o.scripts.length} callers overflow on the Northside service line`);
  const done = await Promise.all(
    o.scripts.map(async (name, i): Promise<SpikeCaller | null> => {
      await new Promise((r) => setTimeout(r, i * o.staggerMs));
      if (o.stopped?.()) return null;
      const from = o.fromFor?.(name) ?? randomCaller();
      const script: { lines: CallerLine[]; nameAt?: number } = SPIKE_SCRIPTS[name];
      const said = o.nameFor?.(from);
      const lines = said && script.nameAt !== undefined ? script.lines.map((l, k) => (k === script.nameAt ? { ...l, say: said } : l)) : script.lines;
      try {
        const out = await carrier.overflowCall({ from, to: DEMO_NUMBERS.northRadio, queueSeconds: 45, script: lines, pauseMs: o.pauseMs });
        const c: SpikeCaller = { script: name, from, sid: out.sid, outcome: out.run?.handoffData ?? 'caller hung up', handedOff: Boolean(out.after?.includes('<Enqueue')) };
        o.log(`Voice Agent call (${SPIKE_SCRIPTS[name].who}): ${c.outcome}`);
        if (c.handedOff) o.handedOff?.(c);
        return c;
      } catch (err) {
        o.log(`Voice Agent demo call failed: ${(err as Error).message}`);
        return null;
      }
    }),
  );
  return done.filter((c): c is SpikeCaller => c !== null);
}

export function startVoiceAgentSpikes(carrier: SimulatedCarrier, everyMinutes: number, log: (msg: string) => void): () => void {
  if (everyMinutes <= 0) return () => {};
  let stopped = false;
  const names = Object.keys(SPIKE_SCRIPTS) as SpikeScript[];
  // Each new caller a number and a name of their own: one name said from three numbers across
  // the day's spikes read as duplicated data on the supervisor's board.
  const callers = DEMO_CALLERS;
  // Numbers whose caller booked a visit, for the callers who later move or cancel one.
  const booked: string[] = [];
  const spike = () =>
    playSpike(carrier, {
      scripts: Array.from({ length: 4 + Math.floor(Math.random() * 3) }, () => names[Math.floor(Math.random() * names.length)]!),
      staggerMs: 1500,
      pauseMs: 2500,
      log,
      stopped: () => stopped,
      fromFor: (script) => (script === 'reschedules' || script === 'cancels' ? booked.shift() : undefined) ?? callers.next({ named: true }).from,
      nameFor: (from) => callers.again(from).name,
      // A caller handed back waits for a CSR a while, then gives up like any caller.
      handedOff: (c) =>
        setTimeout(() => void carrier.hangUpWaiting(c.sid, { from: c.from, to: DEMO_NUMBERS.northRadio, queueSeconds: 120 }).catch(() => {}), 120_000).unref(),
    }).then((callers) => {
      for (const c of callers) if (c.outcome.includes('"booked"')) booked.push(c.from);
      booked.splice(0, booked.length - 20);
    });
  const first = setTimeout(() => void spike(), 20_000);
  const timer = setInterval(() => void spike(), everyMinutes * 60_000);
  return () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
  };
}
