// The thin Electron shell: one secure window, the desk services from main/, IPC, badge, OS notifications.
import { app, BrowserWindow, ipcMain, Notification, Tray, nativeImage, systemPreferences } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { API_EVENTS, createApiDispatcher } from '../shared';
import { WorkstationServices } from '../main/services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { APP_ORIGIN, EVENT_CHANNEL, guardedInvokeHandler, INVOKE_CHANNEL } from './ipc-guard';
import { lockDown, secureWebPreferences } from './window-security';

const here = import.meta.dirname;
const resources = app.isPackaged ? process.resourcesPath : path.resolve(here, '../..');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  void app.whenReady().then(start);
}

/** better-sqlite3 built for Electron's ABI, when the dev tree has one (see README); packaged apps are rebuilt by electron-builder. */
function electronNativeBinding(): string | undefined {
  const file = path.join(resources, '.native/electron/better_sqlite3.node');
  return !app.isPackaged && existsSync(file) ? file : undefined;
}

async function start() {
  // macOS asks the user once per app; without it getUserMedia fails or records silence (electron #42714).
  if (process.platform === 'darwin' && systemPreferences.getMediaAccessStatus('microphone') !== 'granted') {
    await systemPreferences.askForMediaAccess('microphone').catch(() => false);
  }
  const services = new WorkstationServices({
    dataDir: process.env['REBOUND_DESK_DATA_DIR'] ?? path.join(app.getPath('userData'), 'desk'),
    defaultServerUrl: process.env['REBOUND_SERVER_URL'] ?? 'http://127.0.0.1:4310',
    nativeBinding: electronNativeBinding(),
    exportDir: app.getPath('downloads'),
  });
  services.restore();
  serveRenderer(path.join(resources, 'dist/renderer'));

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Rebound',
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  lockDown(win, win.webContents.session);
  win.once('ready-to-show', () => win.show());

  ipcMain.handle(INVOKE_CHANNEL, guardedInvokeHandler(createApiDispatcher(services.handlers)));
  for (const event of API_EVENTS) services.on(event, (payload) => !win.isDestroyed() && win.webContents.send(EVENT_CHANNEL, event, payload));

  const tray = new Tray(nativeImage.createEmpty());
  tray.setToolTip('Rebound');
  const refreshBadge = async () => {
    try {
      const c = await services.handlers.countLeads({ filterSet: { kind: 'abandoned', filters: {} } });
      app.setBadgeCount(c.open);
      tray.setToolTip(`Rebound — ${c.open} open abandoned calls`);
    } catch {
      app.setBadgeCount(0);
    }
  };
  services.on('leadsChanged', () => void refreshBadge());
  services.on('notification', (n) => {
    // In-app toasts always; the OS notification only when the desk is not in front.
    if (win.isFocused() || !Notification.isSupported()) return;
    const note = new Notification({ title: 'Rebound', body: n.title, silent: false });
    note.on('click', () => {
      win.show();
      win.focus();
    });
    note.show();
  });

  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => {
    void services.close().then(() => app.quit());
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}
