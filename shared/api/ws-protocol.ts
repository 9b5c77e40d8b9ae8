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

/**
 * The Content-Security-Policy of every window and page that shows the renderer. No inline style
 * is allowed ('unsafe-inline' never): our styles and the libraries' are in app.css. The only
 * <style> elements a page may insert are those carrying `styleNonce`, a fresh random value of the
 * one response of index.html (Radix's scroll lock and select list insert theirs at run time, with
 * sizes measured then), which the page reads from the meta tag `withStyleNonce` puts in it.
 */
export function contentSecurityPolicy(connectSrc: string[] = [], styleNonce?: string): string {
  if (styleNonce !== undefined && !/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(styleNonce)) throw new Error('A style nonce is a base64 value of at least 16 characters.');
  return [
    "default-src 'self'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    `media-src 'self' blob: ${TWILIO_MEDIA.join(' ')}`,
    `connect-src 'self' ${[...connectSrc, ...TWILIO_CONNECT].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Where the page finds its style nonce: `<meta property="csp-nonce" nonce="…">` (the browser hides the attribute from markup and selectors; script reads `.nonce`). */
export const STYLE_NONCE_META = 'meta[property="csp-nonce"]';

/** index.html as served with `contentSecurityPolicy(…, nonce)`: the nonce given to the page in its head. */
export function withStyleNonce(html: string, nonce: string): string {
  const meta = `<meta property="csp-nonce" nonce="${nonce}" />`;
  return html.includes('<head>') ? html.replace('<head>', `<head>\n    ${meta}`) : meta + html;
}
