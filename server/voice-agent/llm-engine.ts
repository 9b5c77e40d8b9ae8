import { businessNameAsHeard, closingAsHeard, dispatchFeeMessage, transcriptText } from '../../shared';
import { END_OUTCOMES, tokens, type AgentEngine, type AgentStep, type Conversation, type ConversationEvent, type EndOutcome } from './conversation';
import { slotBetween } from './time-window';

/*
 * The language-model engine: any OpenAI-compatible chat-completions endpoint (base URL, key
 * and model from the environment), streamed, with the tools find_slots, book_job, hand_off and
 * end_call, and for callers with a visit booked find_booked_job, reschedule_job and cancel_job.
 * A tool whose skill is off is not offered, and refuses if called anyway. The account's effective settings are its system prompt; the tools are the same
 * ones the offline dialog uses, so Skills and Capabilities hold whatever the model says.
 */

export type LlmConfig = { baseUrl: string; apiKey: string | null; model: string; timeoutMs: number };

type ToolCall = { id: string; type: 'function'; function: { name: string; arguments: string } };
type Message =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

const MAX_ROUNDS = 5;

function toolsFor(c: Conversation) {
  const fn = (name: string, description: string, properties: Record<string, unknown>, required: string[]) => ({
    type: 'function',
    function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } },
  });
  const tools = [
    fn('find_slots', 'Find an appointment window for what the caller said about time ("tomorrow morning", "Friday at 2").', { phrase: { type: 'string' } }, ['phrase']),
    fn('hand_off', 'Pass the caller to a person on the team, with why and what you learnt.', { reason: { type: 'string' }, summary: { type: 'string' } }, ['reason', 'summary']),
    fn(
      'end_call',
      'End the call after saying goodbye. outcome: booked, rescheduled or cancelled once that tool succeeded; kept when the caller chose to keep their visit; otherwise not_booked.',
      { outcome: { type: 'string', enum: [...END_OUTCOMES] } },
      ['outcome'],
    ),
  ];
  const { rescheduleJobs, cancelJobs } = c.settings.skills;
  if (rescheduleJobs || cancelJobs) {
    tools.push(fn('find_booked_job', "Find the caller's upcoming booked visit by the number they call from. Returns its id, job type, window and address, or none.", {}, []));
  }
  if (rescheduleJobs) {
    tools.push(
      fn(
        'reschedule_job',
        "Move the caller's booked visit (the id from find_booked_job) to a window from find_slots, once the caller confirmed it.",
        { job_id: { type: 'string' }, window_start: { type: 'string' }, window_end: { type: 'string' } },
        ['job_id', 'window_start', 'window_end'],
      ),
    );
  }
  if (cancelJobs) tools.push(fn('cancel_job', "Cancel the caller's booked visit (the id from find_booked_job), once the caller confirmed it.", { job_id: { type: 'string' } }, ['job_id']));
  if (c.settings.skills.bookJobs) {
    tools.splice(
      1,
      0,
      fn(
        'book_job',
        'Book the job once the caller confirmed the job type, name, address and a window from find_slots.',
        {
          job_type_id: { type: 'string', enum: c.jobTypes.map((j) => j.id) },
          window_start: { type: 'string', description: 'start of a window returned by find_slots' },
          window_end: { type: 'string' },
          customer_name: { type: 'string' },
          address: { type: 'string' },
          wanted: { type: 'string', description: "the caller's need in their words" },
        },
        ['job_type_id', 'window_start', 'window_end', 'customer_name', 'address', 'wanted'],
      ),
    );
  }
  return tools;
}

export function systemPrompt(c: Conversation): string {
  const s = c.settings;
  const local = new Intl.DateTimeFormat('en-US', { timeZone: c.account.timeZone, dateStyle: 'full', timeStyle: 'short' }).format(c.now());
  const jobs = c.jobTypes.map((j) => `- ${j.name} (id ${j.id}): say "${dispatchFeeMessage(s, c.account.name, j)}"`).join('\n');
  return [
    `You are ${s.persona.agentName}, the phone assistant of ${businessNameAsHeard(s, c.account.name)}. Speak briefly and warmly; this is a phone call, so no lists or markdown.`,
    s.transcript.aiDisclosure ? 'The caller has been told they are talking to an AI assistant; if asked, say so honestly.' : '',
    `It is now ${local} where the business is (${c.account.timeZone}).`,
    `Bookable job types and what to say about each one's dispatch fee before booking:\n${jobs}`,
    s.skills.bookJobs
      ? 'Learn what the caller needs and match it to a job type, then take their name, the service address and a time (use find_slots). State the dispatch fee, confirm everything, then call book_job.'
      : 'You may not book jobs. Take a message (what they need and their name), then call hand_off so a person calls them.',
    s.skills.checkAvailability ? '' : 'Do not promise any time; a person will confirm it.',
    s.skills.rescheduleJobs
      ? 'If the caller wants to move a visit already booked, call find_booked_job, read it back, find the new time with find_slots, confirm, then call reschedule_job.'
      : 'You may not move booked visits: if the caller wants to, call hand_off and say so in the reason.',
    s.skills.cancelJobs
      ? 'If the caller wants to cancel a visit already booked, call find_booked_job, read it back, ask them to confirm, then call cancel_job.'
      : 'You may not cancel booked visits: if the caller wants to, call hand_off and say so in the reason.',
    `After booking, say: "${closingAsHeard(s, c.account.name)}" and call end_call. If the caller asks for a person, or you cannot help after two tries, call hand_off.`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Reads an SSE chat-completions stream: text deltas as they come, tool calls once complete. */
async function* readStream(body: ReadableStream<Uint8Array>): AsyncGenerator<{ text: string } | { calls: ToolCall[] }> {
  const decoder = new TextDecoder();
  const calls: ToolCall[] = [];
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') continue;
      const delta = (JSON.parse(data) as { choices?: { delta?: { content?: string | null; tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[] } }[] }).choices?.[0]?.delta;
      if (delta?.content) yield { text: delta.content };
      for (const t of delta?.tool_calls ?? []) {
        const call = (calls[t.index] ??= { id: t.id ?? `call_${t.index}`, type: 'function', function: { name: '', arguments: '' } });
        if (t.id) call.id = t.id;
        call.function.name += t.function?.name ?? '';
        call.function.arguments += t.function?.arguments ?? '';
      }
    }
  }
  if (calls.length) yield { calls: calls.filter(Boolean) };
}

export class LlmEngine implements AgentEngine {
  readonly name = 'llm';
  constructor(private readonly config: LlmConfig) {}

  private messages(c: Conversation): Message[] {
    if (!Array.isArray(c.memory['messages'])) {
      const greeting = c.transcript.find((t) => t.who === 'agent')?.text;
      c.memory['messages'] = [{ role: 'system', content: systemPrompt(c) }, ...(greeting ? [{ role: 'assistant', content: greeting }] : [])];
    }
    return c.memory['messages'] as Message[];
  }

  async *respond(c: Conversation, e: ConversationEvent): AsyncIterable<AgentStep> {
    const messages = this.messages(c);
    if (e.type === 'interrupt') {
      const last = messages.at(-1);
      if (last?.role === 'assistant' && e.heard) last.content = `${e.heard} [the caller interrupted here]`;
      return;
    }
    messages.push({ role: 'user', content: e.type === 'prompt' ? e.text : `[the caller pressed ${e.digit} on the keypad]` });
    if (e.type === 'prompt' && typeof c.memory['wanted'] !== 'string') c.memory['wanted'] = e.text.slice(0, 300);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let said = '';
      let calls: ToolCall[] = [];
      try {
        const res = await fetch(`${this.config.baseUrl.replace(/\/$/, '')}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}) },
          body: JSON.stringify({ model: this.config.model, messages, tools: toolsFor(c), stream: true, temperature: 0.3 }),
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
        if (!res.ok || !res.body) throw new Error(`the model endpoint answered ${res.status}`);
        for await (const part of readStream(res.body)) {
          if ('text' in part) {
            said += part.text;
            yield { type: 'text', token: part.text };
          } else calls = part.calls;
        }
      } catch (err) {
        yield* tokens("Sorry, I'm having trouble on my end. Let me get you to a member of our team.");
        yield { type: 'hand_off', reason: `The Voice Agent's language model did not answer (${(err as Error).message}).`, summary: transcriptText(c.transcript, 'Agent').slice(-1500) };
        return;
      }
      messages.push({ role: 'assistant', content: said || null, ...(calls.length ? { tool_calls: calls } : {}) });
      if (!calls.length) return;
      for (const call of calls) {
        const out = await this.run(c, call);
        if ('step' in out) {
          yield out.step;
          return;
        }
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(out.result) });
      }
    }
  }

  private async run(c: Conversation, call: ToolCall): Promise<{ result: unknown } | { step: AgentStep }> {
    let args: Record<string, string>;
    try {
      args = JSON.parse(call.function.arguments || '{}') as Record<string, string>;
    } catch {
      return { result: { error: 'The arguments were not valid JSON.' } };
    }
    switch (call.function.name) {
      case 'find_slots':
        return { result: c.tools.findSlots(String(args['phrase'] ?? '')) };
      case 'book_job': {
        // Skills hold whatever the model says: with booking off the tool is not even offered.
        if (!c.settings.skills.bookJobs) return { result: { ok: false, reason: 'Booking is switched off for this account: take a message and hand off.' } };
        const job = c.jobTypes.find((j) => j.id === args['job_type_id']);
        if (!job) return { result: { ok: false, reason: 'Unknown job type id.' } };
        const window = slotBetween(String(args['window_start'] ?? ''), String(args['window_end'] ?? ''), c.now(), c.account.timeZone);
        if (!window) return { result: { ok: false, reason: 'Use a future window returned by find_slots.' } };
        c.memory['wanted'] = String(args['wanted'] ?? c.memory['wanted'] ?? job.name);
        return { result: await c.tools.bookJob({ jobTypeId: job.id, slot: window, customerName: String(args['customer_name'] ?? '').slice(0, 120), address: String(args['address'] ?? '').slice(0, 300), wanted: String(c.memory['wanted']) }) };
      }
      case 'find_booked_job': {
        if (!c.settings.skills.rescheduleJobs && !c.settings.skills.cancelJobs) return { result: { ok: false, reason: 'Rescheduling and cancelling are switched off: hand off.' } };
        const job = await c.tools.findBookedJob();
        if (job) c.memory['wanted'] ??= `Their booked visit: ${job.jobTypeName}, ${job.label}`;
        return { result: job ? { found: true, job_id: job.id, job_type: job.jobTypeName, window: job.label, address: job.address, customer_name: job.customerName } : { found: false } };
      }
      case 'reschedule_job': {
        if (!c.settings.skills.rescheduleJobs) return { result: { ok: false, reason: 'Rescheduling is switched off for this account: hand off.' } };
        const window = slotBetween(String(args['window_start'] ?? ''), String(args['window_end'] ?? ''), c.now(), c.account.timeZone);
        if (!window) return { result: { ok: false, reason: 'Use a future window returned by find_slots.' } };
        return { result: await c.tools.rescheduleJob(String(args['job_id'] ?? ''), window) };
      }
      case 'cancel_job':
        if (!c.settings.skills.cancelJobs) return { result: { ok: false, reason: 'Cancelling is switched off for this account: hand off.' } };
        return { result: await c.tools.cancelJob(String(args['job_id'] ?? '')) };
      case 'hand_off':
        return { step: { type: 'hand_off', reason: String(args['reason'] ?? 'The caller needs a person.').slice(0, 500), summary: String(args['summary'] ?? '').slice(0, 2000) } };
      case 'end_call':
        return { step: { type: 'end_call', outcome: END_OUTCOMES.includes(args['outcome'] as EndOutcome) ? (args['outcome'] as EndOutcome) : 'not_booked' } };
      default:
        return { result: { error: `No tool named ${call.function.name}.` } };
    }
  }
}
