import { APP_ORIGIN } from './ipc-guard';

/**
 * What the window may be granted: notifications, and the microphone for the softphone, only to
 * our own pages, and never the camera or the screen (a media request must be audio only).
 */
export function permissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] | undefined): boolean {
  if (!requestingUrl.startsWith(`${APP_ORIGIN}/`)) return false;
  if (permission === 'notifications') return true;
  // A request that names no media type at all is not an audio request (`[].every` would say yes).
  return permission === 'media' && mediaTypes !== undefined && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
}
