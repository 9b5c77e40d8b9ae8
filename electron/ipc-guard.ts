import type { Envelope } from '../shared';

export { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/api/ipc-channels';
/** The app is served from this custom protocol, never from file://. */
export const APP_ORIGIN = 'rebound://app';

/** Only our own page, in the top frame, may call the desk services. */
export function isTrustedSender(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Wraps the API dispatcher for ipcMain.handle: the sender is checked before the payload is
 * even looked at, and the dispatcher then validates the payload against the contract.
 */
export function guardedInvokeHandler(dispatch: (method: string, payload: unknown) => Promise<Envelope>) {
  return async (event: { senderFrame: { url: string; parent: unknown } | null }, method: unknown, payload: unknown): Promise<Envelope> => {
    if (!isTrustedSender(event.senderFrame)) {
      return { ok: false, error: { code: 'forbidden', message: 'This window may not use the desk services.' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'invalid_request', message: 'The call has no method name.' } };
    }
    return dispatch(method, payload);
  };
}
