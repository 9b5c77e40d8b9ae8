// The thin Electron shell: one secure window, the desk services from main/, IPC, tray, OS
// notifications and updates. Everything it touches of Electron comes through the `electron`
// import, so the tests run it with a recording double of that module.
import { app, BrowserWindow, dialog, ipcMain, systemPreferences } from 'electron';
import path from 'node:path';
import { API_EVENTS, ApiError, createApiDispatcher, parseEvent, type ApiEvent, type ApiEventPayload, type WorkstationHandlers } from '../shared';
import type { RemoteServices } from '../main/desk-host/remote-services';
import { appLayout, type AppLayout } from './app-layout';
import { installAppMenu, PRODUCT_NAME } from './app-menu';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { APP_ORIGIN, EVENT_CHANNEL, guardedInvokeHandler, INVOKE_CHANNEL } from './ipc-guard';
import { startDeskProcess } from './desk-process';
import { deskSecretKey } from './os-secret-protector';
import { checkCacheBinding } from './native-binding';
import { osNotifications } from './os-notifications';
import { createTray } from './tray';
import { readUpdateConfig, startUpdates, type UpdateControl } from './updates';
import { lockDown } from './window-security';

export const APP_ID = 'com.rebound.desk';

export type RunningShell = { window: BrowserWindow; services: RemoteServices; layout: AppLayout };

/** Starts the app; resolves to null when it does not open a window (second instance, no cache module). */
export async function runShell(): Promise<RunningShell | null> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  registerAppScheme();
  await app.whenReady();
  return start();
}

async function start(): Promise<RunningShell | null> {
  const layout = appLayout(app);
  const binding = checkCacheBinding(layout, process.versions['electron'] ?? 'unknown');
  if (!binding.ok) {
    console.error(`[rebound] ${binding.title}: ${binding.message}`);
    dialog.showErrorBox(binding.title, binding.message);
    app.exit(1);
    return null;
  }
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  // macOS asks the user once per app; without it getUserMedia fails or records silence (electron #42714).
  if (process.platform === 'darwin' && systemPreferences.getMediaAccessStatus('microphone') !== 'granted') {
    await systemPreferences.askForMediaAccess('microphone').catch(() => false);
  }
  // The sign-in token is encrypted with a key the OS keeps (safeStorage answers only here, in the main process).
  const secretKey = deskSecretKey(app.getPath('userData'));
  const services = startDeskProcess(layout.deskServices, {
    dataDir: process.env['REBOUND_DESK_DATA_DIR'] ?? path.join(app.getPath('userData'), 'desk'),
    defaultServerUrl: process.env['REBOUND_SERVER_URL'] ?? 'http://127.0.0.1:4310',
    ...(binding.nativeBinding ? { nativeBinding: binding.nativeBinding } : {}),
    exportDir: app.getPath('downloads'),
    ...(secretKey ? { secretKey: secretKey.toString('base64') } : {}),
  });
  try {
    await services.restore();
  } catch (err) {
    // A cache that cannot be reopened costs the user a sign-in, not the app.
    console.error(`[rebound] Could not reopen the last session: ${(err as Error).message}`);
  }
  serveRenderer(layout.rendererDir);

  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: `${PRODUCT_NAME} ${app.getVersion()}`,
    icon: layout.appIcon,
    // Written out here, not built by a helper, so Electronegativity can read them (npm test runs it).
    // The renderer gets no Node, no Electron, only the preload's two functions.
    webPreferences: {
      preload: layout.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // A middle click on a link would open it through a path will-navigate does not see.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // The softphone must keep its registration while the window is in the background.
      backgroundThrottling: false,
    },
  });
  // The title names the product and version; the page's <title> does not replace it.
  win.on('page-title-updated', (e) => e.preventDefault());
  lockDown(win, win.webContents.session);
  win.once('ready-to-show', () => win.show());
  const showWindow = () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };
  const send = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event, parseEvent(event, payload));
  };

  let updates: UpdateControl | null = null;
  const handlers: WorkstationHandlers = {
    ...services.handlers,
    installUpdate: async () => {
      if (!updates) throw new ApiError('invalid_request', 'No update is waiting to be installed.');
      await services.close();
      updates.install();
      return { ok: true as const };
    },
  };
  ipcMain.handle(INVOKE_CHANNEL, guardedInvokeHandler(createApiDispatcher(handlers)));
  for (const event of API_EVENTS) services.on(event, (payload) => send(event, payload as never));

  installAppMenu(layout.appIcon);
  const tray = createTray(layout.trayIcon, showWindow);
  const refreshBadge = async () => {
    try {
      const c = await services.handlers.countLeads({ filterSet: { kind: 'abandoned', filters: {} } });
      app.setBadgeCount(c.open);
      tray.setToolTip(`${PRODUCT_NAME} — ${c.open} open abandoned calls`);
    } catch {
      app.setBadgeCount(0);
    }
  };
  services.on('leadsChanged', () => void refreshBadge());
  services.on('notification', osNotifications(win, layout.appIcon, (lead) => send('openLead', lead)));

  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    updates?.stop();
    void services.close().then(() => app.quit());
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);

  const config = readUpdateConfig(path.join(app.getPath('userData'), 'desk-config.json'), process.env, (m) => console.warn(`[rebound] ${m}`));
  if (config) {
    const { autoUpdater } = await import('electron-updater');
    updates = startUpdates(autoUpdater, config, (version) => send('appUpdate', { state: 'ready', version }), (m) => console.warn(`[rebound] ${m}`));
  }
  return { window: win, services, layout };
}
