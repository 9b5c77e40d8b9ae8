import { z } from 'zod';
import { envelopeSchema } from './errors';

/** The web host's WebSocket carries the same typed API as Electron's IPC, in these frames. */
export const wsClientFrameSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(64),
  payload: z.unknown(),
});
export type WsClientFrame = z.infer<typeof wsClientFrameSchema>;

export const wsServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int().nonnegative(), envelope: envelopeSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type WsServerFrame = z.infer<typeof wsServerFrameSchema>;

/**
 * Twilio's Voice SDK talks to its signalling and event gateways and plays its ring tones from
 * Twilio's CDN; nothing else outside our own origin is allowed.
 */
const TWILIO_CONNECT = ['wss://*.twilio.com', 'https://*.twilio.com'];
const TWILIO_MEDIA = ['https://sdk.twilio.com'];

/** The Content-Security-Policy of every window and page that shows the renderer. */
export function contentSecurityPolicy(connectSrc: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `media-src 'self' blob: ${TWILIO_MEDIA.join(' ')}`,
    `connect-src 'self' ${[...connectSrc, ...TWILIO_CONNECT].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
