/**
 * What a Voice SDK error means to the agent, by its Twilio code. Codes from the SDK's own
 * error table (errors/generated.js); anything unknown keeps Twilio's message.
 */
const MESSAGES: [codes: number[], message: string][] = [
  [[31401, 31208], 'Microphone access was refused. Allow the microphone for Rebound, then try again.'],
  [[31402], 'No working microphone was found. Plug one in or pick another input, then try again.'],
  [[20101, 20102, 20103, 20104, 20107, 31201, 31202, 31204, 31205], 'The phone service refused this sign-in (token). Rebound is getting a new one; try again in a moment.'],
  [[31005, 31009, 53000, 53001, 53405], 'The network to the phone service was lost. Calls resume when it is back.'],
];

export function describeVoiceError(err: { code?: number; message?: string } | null | undefined): string {
  const code = err?.code;
  const known = MESSAGES.find(([codes]) => code !== undefined && codes.includes(code));
  if (known) return known[1];
  return `The call failed${code ? ` (Twilio ${code})` : ''}: ${err?.message ?? 'unknown error'}.`;
}

export const isTokenError = (code: number | undefined) => code !== undefined && MESSAGES[2]![0].includes(code);
