import { z } from 'zod';

/**
 * One final utterance of a call's real-time transcription. Twilio transcribes each side of the
 * call apart (its inbound and outbound tracks); Rebound stores them as the customer's and the
 * agent's turns, whichever leg the transcription was started on.
 */
export const SPEAKERS = ['customer', 'agent'] as const;
export type Speaker = (typeof SPEAKERS)[number];

export const callTranscriptTurnSchema = z.object({
  speaker: z.enum(SPEAKERS),
  text: z.string(),
  /** Seconds from the start of the conversation. */
  atSeconds: z.number().nonnegative(),
});
export type CallTranscriptTurn = z.infer<typeof callTranscriptTurnSchema>;

export const transcriptSchema = z.object({
  callSid: z.string(),
  turns: z.array(callTranscriptTurnSchema),
});
export type Transcript = z.infer<typeof transcriptSchema>;
