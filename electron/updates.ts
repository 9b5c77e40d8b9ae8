import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { AppUpdater } from 'electron-updater';

/**
 * Updates come from a generic feed (a folder of electron-builder's `latest*.yml` files and
 * installers behind HTTPS) named in configuration; with none configured they are off. The
 * file is `desk-config.json` in the app's userData folder, so IT can roll it out per machine;
 * REBOUND_UPDATE_URL overrides it.
 */
export const deskConfigSchema = z.object({
  updates: z
    .object({
      feedUrl: z.url({ protocol: /^https$/ }),
      checkEveryHours: z.number().positive().max(24 * 7).default(4),
    })
    .optional(),
});
export type UpdateConfig = { feedUrl: string; checkEveryHours: number };

export function readUpdateConfig(configFile: string, env: NodeJS.ProcessEnv, warn: (m: string) => void): UpdateConfig | null {
  let raw: unknown = {};
  try {
    raw = JSON.parse(readFileSync(configFile, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`Ignoring ${configFile}: ${(err as Error).message}`);
  }
  const parsed = deskConfigSchema.safeParse(raw);
  if (!parsed.success) {
    warn(`Ignoring ${configFile}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const fromFile = parsed.success ? parsed.data.updates : undefined;
  const envUrl = env['REBOUND_UPDATE_URL'];
  if (envUrl) {
    const url = z.url({ protocol: /^https?$/ }).safeParse(envUrl);
    if (url.success) return { feedUrl: url.data, checkEveryHours: fromFile?.checkEveryHours ?? 4 };
    warn(`Ignoring REBOUND_UPDATE_URL: not an http(s) URL.`);
  }
  return fromFile ?? null;
}

export type Updater = Pick<AppUpdater, 'setFeedURL' | 'checkForUpdates' | 'quitAndInstall' | 'on' | 'autoDownload' | 'autoInstallOnAppQuit'>;

export type UpdateControl = { install(): void; stop(): void };

/**
 * Checks at start and then every few hours; downloads in the background and hands the version
 * to `ready` for the in-app prompt. Not installed until the user says so (or quits the app).
 */
export function startUpdates(updater: Updater, config: UpdateConfig, ready: (version: string) => void, warn: (m: string) => void): UpdateControl {
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url: config.feedUrl });
  updater.on('update-downloaded', (info) => ready(info.version));
  // An unreachable feed is not the user's problem: the next check tries again.
  updater.on('error', (err) => warn(`Update check failed: ${err.message}`));
  const check = () => void updater.checkForUpdates().catch((err: Error) => warn(`Update check failed: ${err.message}`));
  check();
  const timer = setInterval(check, config.checkEveryHours * 3_600_000);
  timer.unref();
  return {
    install: () => updater.quitAndInstall(),
    stop: () => clearInterval(timer),
  };
}
