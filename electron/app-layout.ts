import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the shell finds what it serves and loads, in a dev tree and in an installed app. */
export type AppLayout = {
  /** The folder holding the app's package.json: the repository in dev, `resources/app.asar` when packaged. */
  root: string;
  rendererDir: string;
  preload: string;
  /** The desk services' entry, run in Electron's utility process. */
  deskServices: string;
  /** better-sqlite3 built for Electron's ABI: dev trees build it with `npm run electron:rebuild`; packages get it from electron-builder. */
  nativeBinding: string | undefined;
  /** The window and tray images, copied next to the shell bundle by the build. */
  appIcon: string;
  trayIcon: string;
};

/** The dev tree's own build of better-sqlite3 for Electron, next to (never replacing) Node's. */
export const DEV_NATIVE_BINDING = '.native/electron/better_sqlite3.node';

/**
 * electron-builder packs `dist/**` and package.json into `app.asar`, and `app.getAppPath()` is
 * that archive, so the renderer is read from inside it (Electron's file loader reads asar
 * archives). In dev, Electron is started either on the repository (`electron .`) or on the
 * bundle (`electron dist/electron/main.cjs`, whose app path is then `dist/electron`): the root
 * is the nearest folder with a package.json.
 */
export function appLayout(app: { isPackaged: boolean; getAppPath(): string }): AppLayout {
  const root = app.isPackaged ? app.getAppPath() : nearestPackageRoot(app.getAppPath());
  const shell = path.join(root, 'dist/electron');
  return {
    root,
    rendererDir: path.join(root, 'dist/renderer'),
    preload: path.join(shell, 'preload.cjs'),
    deskServices: path.join(shell, 'desk-services.cjs'),
    nativeBinding: app.isPackaged ? undefined : path.join(root, DEV_NATIVE_BINDING),
    appIcon: path.join(shell, 'icons/icon.png'),
    trayIcon: path.join(shell, 'icons/tray.png'),
  };
}

function nearestPackageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from);
  }
}
