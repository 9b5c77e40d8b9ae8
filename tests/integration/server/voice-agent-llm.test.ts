import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_VOICE_AGENT_SETTINGS, type VoiceAgentSettings } from '../../../shared';
import type { AgentStep, BookingRequest, Conversation } from '../../../server/voice-agent/conversation';
import { LlmEngine } from '../../../server/voice-agent/llm-engine';
import { findSlots } from '../../../server/voice-agent/time-window';

/*
 * The language-model engine against a local stand-in for an OpenAI-compatible endpoint: a real
 * HTTP server on loopback that streams chat-completion chunks (SSE) and tool calls the way the
 * API does. Never the network.
 */

type Request = { model: string; messages: { role: string; content: string | null; tool_call_id?: string }[]; tools: { function: { name: string } }[]; stream: boolean };
type Reply = { text?: string; tool?: { name: string; args: Record<string, unknown> } } | 'fail';

let server: http.Server;
let base: string;
const seen: { auth: string | undefined; body: Request }[] = [];
let replies: Reply[] = [];

function sse(res: http.ServerResponse, reply: Exclude<Reply, 'fail'>) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: unknown, finish: string | null = null) => res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  for (const word of reply.text?.match(/\S+\s*/g) ?? []) chunk({ content: word });
  if (reply.tool) {
    const args = JSON.stringify(reply.tool.args);
    chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: reply.tool.name, arguments: args.slice(0, 10) } }] });
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(10) } }] });
  }
  chunk({}, reply.tool ? 'tool_calls' : 'stop');
  res.end('data: [DONE]\n\n');
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ auth: req.headers.authorization, body: JSON.parse(body) as Request });
      const next = replies.shift() ?? { text: 'Okay.' };
      if (next === 'fail') {
        res.writeHead(503).end('{"error":"overloaded"}');
        return;
      }
      sse(res, next);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** What the tools were asked to do to the caller's booked visit. */
type JobChange = { reschedule?: { jobId: string; start: string }; cancel?: string };
const VISIT = { id: 'job-7', jobTypeName: 'AC repair', label: 'tomorrow between 8 AM and 12 PM', address: '77 Oak Avenue', customerName: 'Taylor Kim' };

function conversation(settings: VoiceAgentSettings = DEFAULT_VOICE_AGENT_SETTINGS, booked: BookingRequest[] = [], changes: JobChange[] = []): Conversation {
  return {
    settings,
    account: { id: 'acc', name: 'Southside Heating & Air', timeZone: 'America/New_York' },
    jobTypes: [{ id: 'jt-ac', name: 'AC repair', dispatchFeeCents: 12900 }],
    caller: { phone: '+14045550000', name: null },
    transcript: [{ who: 'agent', text: 'Hi, this is Riley.', at: new Date().toISOString() }],
    memory: {},
    now: () => new Date(),
    tools: {
      findSlots: (p) => findSlots(p, new Date(), 'America/New_York'),
      bookJob: async (b) => {
        booked.push(b);
        return { ok: true, jobId: 'job-42' };
      },
      findBookedJob: async () => VISIT,
      rescheduleJob: async (jobId, slot) => {
        changes.push({ reschedule: { jobId, start: slot.start } });
        return { ok: true };
      },
      cancelJob: async (jobId) => {
        changes.push({ cancel: jobId });
        return { ok: true };
      },
    },
  };
}

async function turn(engine: LlmEngine, c: Conversation, text: string): Promise<AgentStep[]> {
  const out: AgentStep[] = [];
  for await (const s of engine.respond(c, { type: 'prompt', text })) out.push(s);
  return out;
}
const said = (steps: AgentStep[]) => steps.flatMap((s) => (s.type === 'text' ? [s.token] : [])).join('');

describe('language-model engine (OpenAI-compatible, stand-in server on loopback)', () => {
  const engine = () => new LlmEngine({ baseUrl: base, apiKey: 'sk-test', model: 'test-model', timeoutMs: 5000 });

  it('streams the reply token by token, with the settings as its system prompt and the four tools', async () => {
    seen.length = 0;
    replies = [{ text: 'Sorry to hear the AC is blowing warm. What is your name?' }];
    const c = conversation();
    const steps = await turn(engine(), c, 'my AC is blowing warm air');
    expect(steps.filter((s) => s.type === 'text').length).toBeGreaterThan(5);
    expect(said(steps)).toBe('Sorry to hear the AC is blowing warm. What is your name?');
    const req = seen[0]!;
    expect(req.auth).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'test-model', stream: true });
    expect(req.body.tools.map((t) => t.function.name)).toEqual(['find_slots', 'book_job', 'hand_off', 'end_call']);
    const system = req.body.messages[0]!.content!;
    expect(system).toContain('You are Riley, the phone assistant of Southside Heating & Air.');
    expect(system).toContain('The dispatch fee for AC repair is $129.');
    expect(req.body.messages.at(-1)).toEqual({ role: 'user', content: 'my AC is blowing warm air' });
  });

  it('runs tool calls with the same tools as the offline dialog: find_slots, then book_job, then end_call', async () => {
    const booked: BookingRequest[] = [];
    const c = conversation(DEFAULT_VOICE_AGENT_SETTINGS, booked);
    const slot = findSlots('tomorrow morning', new Date(), 'America/New_York');
    if (!slot.ok) throw new Error('no slot');
    seen.length = 0;
    replies = [
      { tool: { name: 'find_slots', args: { phrase: 'tomorrow morning' } } },
      { text: `I have ${slot.slots[0]!.label}. Shall I book it?` },
    ];
    expect(said(await turn(engine(), c, 'tomorrow morning works'))).toContain('tomorrow between 8 AM and 12 PM');
    // The tool's answer went back to the model before it spoke.
    expect(seen[1]!.body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_1' });
    expect(seen[1]!.body.messages.at(-1)!.content).toContain(slot.slots[0]!.start);

    replies = [
      { tool: { name: 'book_job', args: { job_type_id: 'jt-ac', window_start: slot.slots[0]!.start, window_end: slot.slots[0]!.end, customer_name: 'Taylor Kim', address: '77 Oak Avenue', wanted: 'AC blowing warm' } } },
      { text: "You're booked. Thanks for calling!", tool: { name: 'end_call', args: { outcome: 'booked' } } },
    ];
    const steps = await turn(engine(), c, 'yes, book it');
    expect(booked).toEqual([{ jobTypeId: 'jt-ac', slot: slot.slots[0], customerName: 'Taylor Kim', address: '77 Oak Avenue', wanted: 'AC blowing warm' }]);
    expect(steps.at(-1)).toEqual({ type: 'end_call', outcome: 'booked' });
  });

  it('with booking off in Skills, book_job is not offered and a call to it anyway is refused', async () => {
    const booked: BookingRequest[] = [];
    const settings = { ...DEFAULT_VOICE_AGENT_SETTINGS, skills: { ...DEFAULT_VOICE_AGENT_SETTINGS.skills, bookJobs: false } };
    const c = conversation(settings, booked);
    seen.length = 0;
    replies = [
      { tool: { name: 'book_job', args: { job_type_id: 'jt-ac', window_start: new Date(Date.now() + 86_400_000).toISOString(), window_end: new Date(Date.now() + 90_000_000).toISOString(), customer_name: 'X', address: '1 A St', wanted: 'ac' } } },
      { tool: { name: 'hand_off', args: { reason: 'Booking is off; message taken.', summary: 'AC repair for Pat' } } },
    ];
    const steps = await turn(engine(), c, 'book me an AC repair');
    expect(seen[0]!.body.tools.map((t) => t.function.name)).not.toContain('book_job');
    expect(seen[0]!.body.messages[0]!.content).toContain('You may not book jobs.');
    expect(seen[1]!.body.messages.at(-1)!.content).toContain('Booking is switched off');
    expect(booked).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ type: 'hand_off', reason: 'Booking is off; message taken.' });
  });

  it('with Reschedule on, finds the caller’s visit and moves it to a window from find_slots; Cancel off is not offered', async () => {
    const changes: JobChange[] = [];
    const settings = { ...DEFAULT_VOICE_AGENT_SETTINGS, skills: { ...DEFAULT_VOICE_AGENT_SETTINGS.skills, rescheduleJobs: true } };
    const c = conversation(settings, [], changes);
    const slot = findSlots('friday afternoon', new Date(), 'America/New_York');
    if (!slot.ok) throw new Error('no slot');
    seen.length = 0;
    replies = [
      { tool: { name: 'find_booked_job', args: {} } },
      { tool: { name: 'reschedule_job', args: { job_id: 'job-7', window_start: slot.slots[0]!.start, window_end: slot.slots[0]!.end } } },
      { text: 'Done, see you then.', tool: { name: 'end_call', args: { outcome: 'rescheduled' } } },
    ];
    const steps = await turn(engine(), c, 'please move my AC visit to Friday afternoon');
    const offered = seen[0]!.body.tools.map((t) => t.function.name);
    expect(offered).toEqual(expect.arrayContaining(['find_booked_job', 'reschedule_job']));
    expect(offered).not.toContain('cancel_job');
    expect(seen[0]!.body.messages[0]!.content).toContain('You may not cancel booked visits');
    expect(seen[1]!.body.messages.at(-1)!.content).toContain('"job_id":"job-7"');
    expect(changes).toEqual([{ reschedule: { jobId: 'job-7', start: slot.slots[0]!.start } }]);
    expect(steps.at(-1)).toEqual({ type: 'end_call', outcome: 'rescheduled' });
  });

  it('with Reschedule and Cancel off, their tools are not offered and calls to them anyway change nothing', async () => {
    const changes: JobChange[] = [];
    const c = conversation(DEFAULT_VOICE_AGENT_SETTINGS, [], changes);
    seen.length = 0;
    replies = [
      { tool: { name: 'cancel_job', args: { job_id: 'job-7' } } },
      { tool: { name: 'reschedule_job', args: { job_id: 'job-7', window_start: new Date(Date.now() + 86_400_000).toISOString(), window_end: new Date(Date.now() + 90_000_000).toISOString() } } },
      { tool: { name: 'hand_off', args: { reason: 'The caller wants to cancel; cancelling is off.', summary: 'AC repair visit' } } },
    ];
    const steps = await turn(engine(), c, 'cancel my appointment please');
    const offered = seen[0]!.body.tools.map((t) => t.function.name);
    expect(offered).not.toContain('find_booked_job');
    expect(offered).not.toContain('reschedule_job');
    expect(offered).not.toContain('cancel_job');
    expect(seen[1]!.body.messages.at(-1)!.content).toContain('Cancelling is switched off');
    expect(seen[2]!.body.messages.at(-1)!.content).toContain('Rescheduling is switched off');
    expect(changes).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ type: 'hand_off', reason: 'The caller wants to cancel; cancelling is off.' });
  });

  it('hands off to a person when the endpoint fails, rather than leaving the caller in silence', async () => {
    replies = ['fail'];
    const steps = await turn(engine(), conversation(), 'hello?');
    expect(said(steps)).toContain('Let me get you to a member of our team.');
    expect(steps.at(-1)).toMatchObject({ type: 'hand_off' });
    expect((steps.at(-1) as { reason: string }).reason).toContain('503');
  });
});
