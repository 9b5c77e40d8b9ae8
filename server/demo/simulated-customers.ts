/**
 * Who answers in simulated-carrier mode, read from the dialled number so a demo or a test can
 * choose the outcome by choosing the number (like Twilio's own magic test numbers). The
 * hundreds digit of the number picks the behaviour, the last two digits the conversation:
 *   …7xx  never answers (rings 30 s, then no-answer)
 *   …8xx  busy
 *   …9xx  voicemail: a machine answers and takes a message of up to 25 s
 *   …x00  answers and stays on the line until the agent hangs up
 *   …xNN  answers and hangs up after NN seconds (at least 5)
 */
export type CustomerScenario =
  | { kind: 'no-answer'; ringSeconds: number }
  | { kind: 'busy'; ringSeconds: number }
  | { kind: 'answers'; ringSeconds: number; machine: boolean; hangUpAfterSeconds: number | null };

export function scenarioFor(e164: string): CustomerScenario {
  const digits = e164.replace(/\D/g, '');
  const hundreds = Number(digits.at(-3) ?? '0');
  const lastTwo = Number(digits.slice(-2) || '0');
  if (hundreds === 7) return { kind: 'no-answer', ringSeconds: 30 };
  if (hundreds === 8) return { kind: 'busy', ringSeconds: 2 };
  if (hundreds === 9) return { kind: 'answers', ringSeconds: 5, machine: true, hangUpAfterSeconds: 25 };
  return { kind: 'answers', ringSeconds: 5, machine: false, hangUpAfterSeconds: lastTwo === 0 ? null : Math.max(5, lastTwo) };
}
