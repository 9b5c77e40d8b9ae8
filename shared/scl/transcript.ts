import { z } from 'zod';

/**
 * One final utterance of a call's real-time transcription. Twilio transcribes each side of the
 * call apart (its inbound and outbound tracks); Rebound stores them as the customer's and the
 * agent's turns, whichever leg the transcription was started on.
 */
export const SPEAKERS = ['customer', 'agent'] as const;
export type Speaker = (typeof SPEAKERS)[number];

export const transcriptTurnSchema = z.object({
  speaker: z.enum(SPEAKERS),
  text: z.string(),
  /** Seconds from the start of the conversation. */
  atSeconds: z.number().nonnegative(),
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

export const transcriptSchema = z.object({
  callSid: z.string(),
  turns: z.array(transcriptTurnSchema),
});
export type Transcript = z.infer<typeof transcriptSchema>;
