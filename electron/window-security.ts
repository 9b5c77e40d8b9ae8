import { shell, type BrowserWindow, type Session } from 'electron';
import { contentSecurityPolicy } from '../shared';
import { isAllowedExternal } from './external-links';
import { APP_ORIGIN } from './ipc-guard';
import { permissionAllowed } from './permissions';

const ours = (url: string) => url.startsWith(`${APP_ORIGIN}/`);

/** Navigation (of any frame, and redirects), new windows and permissions are locked to our own origin. */
export function lockDown(win: BrowserWindow, session: Session): void {
  const stayHome = (e: { url: string; preventDefault(): void }) => {
    if (!ours(e.url)) e.preventDefault();
  };
  win.webContents.on('will-navigate', stayHome);
  win.webContents.on('will-frame-navigate', stayHome);
  win.webContents.on('will-redirect', stayHome);
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Recording links and our docs open in the user's browser; nothing else leaves the app.
    if (isAllowedExternal(url)) void shell.openExternal(new URL(url).toString());
    return { action: 'deny' };
  });
  session.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl ?? wc.getURL(), 'mediaTypes' in details ? details.mediaTypes : undefined));
  });
  // The check (navigator.permissions, device enumeration) follows the same rule: audio only, ours only.
  session.setPermissionCheckHandler((_wc, permission, origin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? `${origin}/`, details.mediaType ? [details.mediaType] : permission === 'media' ? undefined : []),
  );
  // Every response gets our policy; a page of our own origin keeps the one our protocol gave it
  // (the same policy, with that page's own style nonce).
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string | string[]> = {};
    let given: string | null = null;
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
      else if (value.length === 1) given = value[0] ?? null;
    }
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [ours(details.url) && given !== null ? ownPagePolicy(given) : contentSecurityPolicy()] } });
  });
}

/** The policy our protocol gave a page of ours, if it is ours with that page's own style nonce; else ours without one. */
function ownPagePolicy(given: string): string {
  const nonce = /'nonce-([^']+)'/.exec(given);
  return nonce && given === contentSecurityPolicy([], nonce[1]) ? given : contentSecurityPolicy();
}
