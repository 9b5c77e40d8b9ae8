// A test double of the `electron` module: the parts the shell uses, recording what it does, so
// electron/main.ts runs under Vitest on a machine without an Electron binary. Each object keeps
// the shape of Electron's own (checked against its type definitions where it is cheap to) and
// the test drives it the way Electron would: firing app and window events, calling the
// registered protocol and IPC handlers, clicking notifications.
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { spawnServicesWorker } from '../../main/desk-host/start-worker';

export type DoubleOptions = {
  isPackaged: boolean;
  appPath: string;
  userData: string;
  downloads: string;
  version?: string;
  /** False makes this the second instance. */
  singleInstanceLock?: boolean;
  encryptionAvailable?: boolean;
  /** What safeStorage.getSelectedStorageBackend() answers on Linux (default: gnome_libsecret). */
  storageBackend?: string;
};

type Listener = (...args: unknown[]) => void;

class Emitter extends EventEmitter {
  /** What a listener did with an Electron-style event object: true if it called preventDefault(). */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true), ...((args[0] as object) ?? {}) };
    this.emit(name, event, ...args.slice(1));
    return prevented;
  }
}

export class FakeSession {
  permissionRequest: ((wc: unknown, permission: string, callback: (ok: boolean) => void, details: Record<string, unknown>) => void) | null = null;
  permissionCheck: ((wc: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean) | null = null;
  headersHook: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
  setPermissionRequestHandler(h: FakeSession['permissionRequest']) {
    this.permissionRequest = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheck']) {
    this.permissionCheck = h;
  }
  webRequest = { onHeadersReceived: (h: FakeSession['headersHook']) => (this.headersHook = h) };
  /** What the window would be granted for a permission request. */
  request(permission: string, details: Record<string, unknown>): boolean {
    let granted = false;
    this.permissionRequest!(null, permission, (ok) => (granted = ok), details);
    return granted;
  }
}

export class FakeWebContents extends Emitter {
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  url = '';
  constructor(readonly session: FakeSession) {
    super();
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(h: FakeWebContents['windowOpenHandler']) {
    this.windowOpenHandler = h;
  }
  getURL() {
    return this.url;
  }
  /** The events the renderer received on one channel, as [name, payload]. */
  events(channel: string) {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.args as [string, unknown]);
  }
}

export class FakeBrowserWindow extends Emitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents: FakeWebContents;
  visible = false;
  focused = false;
  minimized = false;
  destroyed = false;
  calls: string[] = [];
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown>; title?: string }) {
    super();
    this.webContents = new FakeWebContents(current().defaultSession);
    FakeBrowserWindow.all.push(this);
    current().windows.push(this);
  }
  async loadURL(url: string) {
    this.webContents.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
  }
  show() {
    this.calls.push('show');
    this.visible = true;
  }
  focus() {
    this.calls.push('focus');
    this.focused = true;
  }
  restore() {
    this.calls.push('restore');
    this.minimized = false;
  }
  isFocused() {
    return this.focused;
  }
  isMinimized() {
    return this.minimized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  /** The user sends the window to the background (another app in front). */
  blur() {
    this.focused = false;
  }
  minimize() {
    this.minimized = true;
    this.focused = false;
  }
}

export class FakeNotification extends Emitter {
  static isSupported() {
    return true;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string; icon?: string }) {
    super();
    current().notifications.push(this);
  }
  show() {
    this.shown = true;
  }
  click() {
    this.emit('click', { preventDefault() {} });
  }
}

export class FakeTray extends Emitter {
  tooltip = '';
  menu: unknown = null;
  constructor(readonly image: FakeImage) {
    super();
    current().trays.push(this);
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: unknown) {
    this.menu = m;
  }
}

export class FakeImage {
  constructor(readonly path: string | null) {}
  isEmpty() {
    return this.path === null || !existsSync(this.path);
  }
}

/** A feed-less stand-in for electron-updater's AppUpdater: records the feed, emits what a feed would. */
export class FakeUpdater extends Emitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  feed: unknown = null;
  checks = 0;
  installs = 0;
  setFeedURL(f: unknown) {
    this.feed = f;
  }
  async checkForUpdates() {
    this.checks++;
    return null;
  }
  quitAndInstall() {
    this.installs++;
  }
}

/**
 * Electron's UtilityProcess, played by a worker thread running the same entry: the built bundle
 * when the layout has one, else the TypeScript source (the entry speaks to either parent port).
 */
export class FakeUtilityProcess extends Emitter {
  readonly worker: Worker;
  pid = 1;
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
    this.worker = spawnServicesWorker(modulePath);
    this.worker.on('online', () => this.emit('spawn'));
    this.worker.on('message', (m) => this.emit('message', m));
    this.worker.on('exit', (code) => this.emit('exit', code));
    current().utilityProcesses.push(this);
  }
  postMessage(m: unknown) {
    this.worker.postMessage(m);
  }
  kill() {
    void this.worker.terminate();
    return true;
  }
}

export type ElectronDouble = ReturnType<typeof createDouble>;

function createDouble(o: DoubleOptions) {
  const d = {
    options: o,
    app: null as unknown as FakeApp,
    windows: [] as FakeBrowserWindow[],
    notifications: [] as FakeNotification[],
    trays: [] as FakeTray[],
    utilityProcesses: [] as FakeUtilityProcess[],
    defaultSession: new FakeSession(),
    ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    errorBoxes: [] as { title: string; message: string }[],
    opened: [] as string[],
    menu: null as unknown,
    updater: new FakeUpdater(),
    /** Calls the registered IPC handler as Electron would for a frame at `url`. */
    invoke(url: string, method: string, payload: unknown = {}, parent: unknown = null) {
      return d.ipcHandlers.get('rebound:invoke')!({ senderFrame: { url, parent } }, method, payload);
    },
    /** Fetches through the registered app protocol, as the window does. */
    fetch(url: string) {
      return d.protocolHandlers.get(new URL(url).protocol.slice(0, -1))!(new Request(url));
    },
    get window() {
      return d.windows[0]!;
    },
  };
  d.app = new FakeApp(o);
  return d;
}

class FakeApp extends Emitter {
  calls: string[] = [];
  badge = 0;
  aboutPanel: Record<string, unknown> | null = null;
  userModelId: string | null = null;
  constructor(private readonly o: DoubleOptions) {
    super();
  }
  get isPackaged() {
    return this.o.isPackaged;
  }
  getAppPath() {
    return this.o.appPath;
  }
  getPath(name: string) {
    if (name === 'userData') return this.o.userData;
    if (name === 'downloads') return this.o.downloads;
    throw new Error(`The double has no path ${name}`);
  }
  getVersion() {
    return this.o.version ?? '0.1.0';
  }
  getName() {
    return 'Rebound';
  }
  requestSingleInstanceLock() {
    return this.o.singleInstanceLock ?? true;
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    this.calls.push('quit');
  }
  exit(code: number) {
    this.calls.push(`exit ${code}`);
  }
  setBadgeCount(n: number) {
    this.badge = n;
    return true;
  }
  setAppUserModelId(id: string) {
    this.userModelId = id;
  }
  setAboutPanelOptions(p: Record<string, unknown>) {
    this.aboutPanel = p;
  }
  showAboutPanel() {
    this.calls.push('showAboutPanel');
  }
}

const KEY = Symbol.for('rebound.electronDouble');
type Holder = { [KEY]?: ElectronDouble };

function current(): ElectronDouble {
  const d = (globalThis as Holder)[KEY];
  if (!d) throw new Error('No electron double installed: call installElectronDouble() first.');
  return d;
}

/** A fresh double for the next import of the shell (kept on globalThis: vi.resetModules reloads this file). */
export function installElectronDouble(o: DoubleOptions): ElectronDouble {
  const d = createDouble(o);
  (globalThis as Holder)[KEY] = d;
  return d;
}

/** The `electron` module as the shell imports it: every export reads the current double. */
export function electronModule(): Record<string, unknown> {
  const fakeSafeStorage = {
    isEncryptionAvailable: () => current().options.encryptionAvailable ?? true,
    getSelectedStorageBackend: () => current().options.storageBackend ?? 'gnome_libsecret',
    // Reversible but not plain: tests can tell an encrypted token from the clear one.
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s, 'utf8').toString('base64')}`),
    decryptString: (b: Buffer) => {
      const t = b.toString('utf8');
      if (!t.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(t.slice(4), 'base64').toString('utf8');
    },
  };
  return {
    get app() {
      return current().app;
    },
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    utilityProcess: { fork: (modulePath: string, _args: string[] = [], options: Record<string, unknown> = {}) => new FakeUtilityProcess(modulePath, options) },
    Tray: FakeTray,
    get ipcMain() {
      const d = current();
      return { handle: (channel: string, h: (e: unknown, ...a: unknown[]) => unknown) => d.ipcHandlers.set(channel, h) };
    },
    get protocol() {
      const d = current();
      return {
        registerSchemesAsPrivileged: (s: unknown[]) => d.schemes.push(...s),
        handle: (scheme: string, h: (req: Request) => Promise<Response>) => d.protocolHandlers.set(scheme, h),
      };
    },
    // Electron's net.fetch reads file: URLs (inside asar archives too); Node's fetch does not.
    net: {
      fetch: async (url: string) => {
        const file = fileURLToPath(url);
        if (!existsSync(file)) return new Response('', { status: 404 });
        return new Response(readFileSync(file), { status: 200, headers: { 'content-type': file.endsWith('.html') ? 'text/html' : 'application/octet-stream' } });
      },
    },
    get session() {
      return { defaultSession: current().defaultSession };
    },
    nativeImage: { createFromPath: (p: string) => new FakeImage(p), createEmpty: () => new FakeImage(null) },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (m: unknown) => (current().menu = m),
    },
    get dialog() {
      const d = current();
      return { showErrorBox: (title: string, message: string) => d.errorBoxes.push({ title, message }) };
    },
    get shell() {
      const d = current();
      return { openExternal: async (url: string) => void d.opened.push(url) };
    },
    systemPreferences: { getMediaAccessStatus: () => 'granted', askForMediaAccess: async () => true },
    safeStorage: fakeSafeStorage,
  };
}

/** electron-updater as the shell imports it, with the double's updater. */
export function electronUpdaterModule(): Record<string, unknown> {
  return {
    get autoUpdater() {
      return current().updater;
    },
  };
}

export type { Listener };
