import { z } from 'zod';
import { envelopeSchema } from '../../shared';

/*
 * The desk services run off the window's (or the web host's) thread: in Electron's utility
 * process, or a worker thread in the web host. These frames are all that crosses: the typed API
 * calls and events, plus the few lifecycle requests the host makes. Each side checks what it
 * receives with these schemas; the API payloads themselves are checked by the API dispatcher on
 * the services' side, the one receiving them.
 */

/** Options a host hands the services (plain data: it crosses a thread or process). */
export const servicesInitSchema = z.object({
  dataDir: z.string().min(1),
  defaultServerUrl: z.string().min(1),
  nativeBinding: z.string().optional(),
  exportDir: z.string().optional(),
  /** The data key the sign-in token is encrypted with (base64, 32 bytes), sealed by the OS where the host keeps it. */
  secretKey: z.base64().optional(),
  sync: z.object({ backoffBaseMs: z.number().optional(), backoffMaxMs: z.number().optional(), pullEveryMs: z.number().optional() }).optional(),
});
export type ServicesInit = z.infer<typeof servicesInitSchema>;

export const CONTROL_OPS = ['restore', 'close', 'syncNow', 'serveExportsAt'] as const;

export const hostFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('init'), options: servicesInitSchema }),
  z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().min(1).max(64), payload: z.unknown() }),
  z.object({ t: z.literal('control'), id: z.number().int().nonnegative(), op: z.enum(CONTROL_OPS), arg: z.string().optional() }),
]);
export type HostFrame = z.infer<typeof hostFrameSchema>;

export const servicesFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready') }),
  z.object({ t: z.literal('reply'), id: z.number().int().nonnegative(), envelope: envelopeSchema }),
  z.object({ t: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServicesFrame = z.infer<typeof servicesFrameSchema>;

/** One end of the channel: a worker's parentPort, Electron's parentPort or a UtilityProcess. */
export type Port = { post(frame: unknown): void; onMessage(listener: (frame: unknown) => void): void };
