import { shell, type BrowserWindow, type Session } from 'electron';
import { contentSecurityPolicy } from '../shared';
import { APP_ORIGIN } from './ipc-guard';
import { permissionAllowed } from './permissions';

/** The window's web preferences: the renderer gets no Node, no Electron, only the preload's API. */
export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    // The softphone must keep its registration while the window is in the background.
    backgroundThrottling: false,
  };
}

/** Navigation, new windows and permissions are locked to our own origin. */
export function lockDown(win: BrowserWindow, session: Session): void {
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Recording links open in the user's browser, and only over https.
    if (/^https:\/\//.test(url)) void shell.openExternal(new URL(url).toString());
    return { action: 'deny' };
  });
  session.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl ?? wc.getURL(), 'mediaTypes' in details ? details.mediaTypes : undefined));
  });
  session.setPermissionCheckHandler((_wc, permission, origin) => origin === APP_ORIGIN && (permission === 'media' || permission === 'notifications'));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
}
