import twilio from 'twilio';

const { VoiceResponse } = twilio.twiml;

/**
 * The same TwiML for the same arguments, built once: the queue's answers go to every caller,
 * and building them with the helper's XML builder was 2 % of the server's time in a heat-wave
 * spike (bench/server-spike.bench.ts, --cpu-prof). Bounded: arguments are numbers' queues and
 * the server's own base URL, so a handful per process.
 */
function builtOnce<A extends unknown[]>(build: (...args: A) => string): (...args: A) => string {
  const built = new Map<string, string>();
  return (...args) => {
    const key = JSON.stringify(args);
    let xml = built.get(key);
    if (xml === undefined) {
      if (built.size >= 256) built.clear();
      built.set(key, (xml = build(...args)));
    }
    return xml;
  };
}

/** A number with no active routing workflow: the workflow says such calls are disconnected. */
export const notInService = builtOnce((): string => {
  const r = new VoiceResponse();
  r.say('Sorry, this number is not in service.');
  r.hangup();
  return r.toString();
});

/**
 * The number's forwarding (Call Continuity) number, when routing cannot reach anyone: the
 * caller's own number stays the caller ID, so the business sees who is calling.
 */
export function forwardTo(number: string): string {
  const r = new VoiceResponse();
  r.dial({}, number);
  return r.toString();
}

/** Puts the caller in a queue; `agentAfter`: the Voice Agent takes callers still waiting after that many seconds. */
export const enqueue = builtOnce((base: string, queueId: string, agentAfter: number | null = null): string => {
  const r = new VoiceResponse();
  const waitUrl = `${base}/twilio/voice/wait${agentAfter ? `?agentAfter=${agentAfter}` : ''}`;
  r.enqueue({ action: `${base}/twilio/voice/enqueue-action`, method: 'POST', waitUrl, waitUrlMethod: 'POST' }, queueId);
  return r.toString();
});

/** Hold: offer voicemail with 1, otherwise keep waiting. */
export const holdMessage = builtOnce((base: string): string => {
  const r = new VoiceResponse();
  const g = r.gather({ numDigits: 1, action: `${base}/twilio/voice/wait-choice`, method: 'POST', timeout: 15 });
  g.say('All of our team members are helping other customers. Stay on the line, or press 1 to leave a message.');
  return r.toString();
});

export const leaveQueue = builtOnce((): string => {
  const r = new VoiceResponse();
  r.leave();
  return r.toString();
});

export function recordVoicemail(base: string): string {
  const r = new VoiceResponse();
  r.say('Please leave a message after the tone.');
  r.record({
    action: `${base}/twilio/voice/voicemail`,
    method: 'POST',
    maxLength: 120,
    recordingStatusCallback: `${base}/twilio/voice/recording`,
    recordingStatusCallbackMethod: 'POST',
  });
  return r.toString();
}

export const hangup = builtOnce((): string => {
  const r = new VoiceResponse();
  r.hangup();
  return r.toString();
});

export const empty = builtOnce((): string => {
  return new VoiceResponse().toString();
});

/** The softphone's callback: ring the customer from the chosen caller ID, reporting every step. */
export function dialCustomer(base: string, o: { callerId: string; number: string }): string {
  const r = new VoiceResponse();
  const dial = r.dial({ callerId: o.callerId, answerOnBridge: true, action: `${base}/twilio/voice/dial-action`, method: 'POST', timeout: 30 });
  dial.number(
    {
      statusCallback: `${base}/twilio/voice/status`,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      statusCallbackMethod: 'POST',
    },
    o.number,
  );
  return r.toString();
}

/**
 * Where Twilio posts the real-time transcription of an answered call. It is started on the
 * agent's leg (the caller's `<Queue url>` TwiML may only Play, Say, Pause or Redirect), so the
 * URL names the customer's call it belongs to.
 */
export function transcriptionCallbackUrl(base: string, customerCallSid: string): string {
  return `${base}/twilio/voice/transcription?call=${encodeURIComponent(customerCallSid)}`;
}

/**
 * An agent takes a waiting caller: transcription of both sides starts first (the agent's leg
 * hears the customer on its outbound track), then the caller waiting longest is bridged; the
 * queue's url reports who took it.
 */
export function takeFromQueue(base: string, o: { queueId: string; agentId: string; customerCallSid: string }): string {
  const r = new VoiceResponse();
  r.start().transcription({
    statusCallbackUrl: transcriptionCallbackUrl(base, o.customerCallSid),
    statusCallbackMethod: 'POST',
    track: 'both_tracks',
    inboundTrackLabel: 'agent',
    outboundTrackLabel: 'customer',
    partialResults: false,
  });
  r.dial().queue({ url: `${base}/twilio/voice/queue-bridged?agentId=${encodeURIComponent(o.agentId)}`, method: 'POST' }, o.queueId);
  return r.toString();
}

/** A softphone call we will not connect, with the reason read to the agent. */
export function refuse(message: string): string {
  const r = new VoiceResponse();
  r.say(message);
  r.hangup();
  return r.toString();
}
