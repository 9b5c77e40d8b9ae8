import WebSocket from 'ws';
import { signTwilioRequest } from '../telephony/signature';

/*
 * The simulated carrier's half of ConversationRelay: it opens the relay socket named in the
 * TwiML (signed like Twilio signs it), sends setup, speaks the scripted caller's lines as
 * prompts (fragments as partial prompts first), presses digits, talks over the agent, and
 * reports what the agent said and how the session ended.
 */

export type CallerLine =
  | { say: string; fragments?: boolean }
  | { press: string }
  /** Talks over the agent's next reply after this many of its tokens. */
  | { say: string; interruptAfter: number }
  | { hangUp: true };

export type RelayRun = {
  /** Each agent reply, in order (its tokens joined). */
  replies: string[];
  /** The `end` message's handoffData, when the agent ended the session. */
  handoffData: string | null;
  hungUp: boolean;
  /** Malformed or refused: the socket closed before setup, with this code. */
  closedEarly: number | null;
  tokens: { at: number; last: boolean }[];
  /** For each whole prompt or digit: milliseconds from sending it to the reply's first token. */
  firstTokenMs: number[];
  digitsSent: string[];
};

function xmlAttr(xml: string, name: string): string | null {
  const m = xml.match(new RegExp(`${name}="([^"]*)"`));
  return m ? m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;|&apos;/g, "'") : null;
}

export function relayTarget(twiml: string): { url: string; action: string; greeting: string; params: Record<string, string> } | null {
  const relay = twiml.match(/<ConversationRelay [^>]*>/)?.[0];
  const connect = twiml.match(/<Connect [^>]*>/)?.[0];
  if (!relay || !connect) return null;
  const params: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter name="([^"]*)" value="([^"]*)"\/>/g)) params[m[1]!] = m[2]!;
  return { url: xmlAttr(relay, 'url')!, action: xmlAttr(connect, 'action')!, greeting: xmlAttr(relay, 'welcomeGreeting') ?? '', params };
}

export async function playRelay(
  o: { authToken: string; url: string; setup: Record<string, unknown>; script: CallerLine[]; signature?: string; replyTimeoutMs?: number; pauseMs?: number | undefined; raw?: (ws: WebSocket) => Promise<void> },
): Promise<RelayRun> {
  const run: RelayRun = { replies: [], handoffData: null, hungUp: false, closedEarly: null, tokens: [], firstTokenMs: [], digitsSent: [] };
  let askedAt: number | null = null;
  const ws = new WebSocket(o.url, { headers: { 'x-twilio-signature': o.signature ?? signTwilioRequest(o.authToken, o.url, {}) } });
  let current = '';
  let waiter: ((what: 'reply' | 'end' | 'closed') => void) | null = null;
  let tokenWatch: { after: number; seen: number; fire: () => void } | null = null;
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => {
      run.closedEarly = res.statusCode ?? 0;
      resolve(false);
    });
    ws.once('error', () => resolve(false));
  });
  if (!opened) return run;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { type: string; token?: string; last?: boolean; handoffData?: string; digits?: string };
    if (m.type === 'text') {
      current += m.token ?? '';
      const at = performance.now();
      run.tokens.push({ at, last: Boolean(m.last) });
      if (askedAt !== null) {
        run.firstTokenMs.push(at - askedAt);
        askedAt = null;
      }
      if (tokenWatch && ++tokenWatch.seen === tokenWatch.after) tokenWatch.fire();
      if (m.last) {
        run.replies.push(current.trim());
        current = '';
        waiter?.('reply');
      }
    } else if (m.type === 'end') {
      run.handoffData = m.handoffData ?? '';
      waiter?.('end');
    } else if (m.type === 'sendDigits') run.digitsSent.push(m.digits ?? '');
  });
  ws.on('close', () => waiter?.('closed'));
  const next = () =>
    new Promise<'reply' | 'end' | 'closed' | 'timeout'>((resolve) => {
      const t = setTimeout(() => resolve('timeout'), o.replyTimeoutMs ?? 5000);
      waiter = (w) => {
        clearTimeout(t);
        waiter = null;
        resolve(w);
      };
    });
  const send = (m: unknown) => ws.send(JSON.stringify(m));
  send({ type: 'setup', ...o.setup });
  if (o.raw) await o.raw(ws);
  for (const line of o.script) {
    // A person takes a moment to answer (the demo's pace; tests answer at once).
    if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
    if (run.handoffData !== null) break;
    if ('hangUp' in line) {
      run.hungUp = true;
      break;
    }
    if ('press' in line) {
      const w = next();
      askedAt = performance.now();
      send({ type: 'dtmf', digit: line.press });
      if ((await w) !== 'reply') break;
      continue;
    }
    if ('interruptAfter' in line) {
      // Ask something that gets a reply, and talk over it after a few tokens.
      const w = new Promise<void>((resolve) => (tokenWatch = { after: line.interruptAfter, seen: 0, fire: resolve }));
      send({ type: 'interrupt', utteranceUntilInterrupt: 'Sorry', durationUntilInterruptMs: '460' });
      void w;
    }
    if ('fragments' in line && line.fragments) {
      const words = line.say.split(' ');
      for (let i = 1; i < words.length; i++) send({ type: 'prompt', voicePrompt: words.slice(0, i).join(' '), lang: 'en-US', last: false });
    }
    const w = next();
    askedAt = performance.now();
    send({ type: 'prompt', voicePrompt: line.say, lang: 'en-US', last: true });
    // A reply may be followed by `end`; the next line then meets it (or the session ignores it).
    if ((await w) !== 'reply') break;
  }
  if (!run.hungUp && run.handoffData === null && ws.readyState === ws.OPEN) {
    // The last line's reply may be the agent's goodbye, with `end` right behind it.
    const t = setTimeout(() => waiter?.('closed'), 1500);
    await new Promise<void>((resolve) => (waiter = () => resolve()));
    clearTimeout(t);
  }
  ws.close();
  await new Promise((r) => (ws.readyState === ws.CLOSED ? r(null) : ws.once('close', r)));
  return run;
}
