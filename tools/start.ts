// `npm start`: the whole product on this machine — the sync server with embedded storage and
// demo traffic, and the desk: the Electron app when an Electron binary is installed, otherwise
// the same app in your browser through the web host.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEV_NATIVE_BINDING } from '../electron/app-layout';
import { electronBinary } from './electron-binary';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];

function run(file: string, env: Record<string, string>, waitFor = 'READY '): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, file)], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      process.stdout.write(d);
      const m = String(d).match(new RegExp(`${waitFor}(\\S+)`));
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

const stopAll = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

// The product runs React's production build (minified, without development checks); set
// NODE_ENV=development to get the development build's warnings.
const build = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools/build-renderer.ts')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: process.env['NODE_ENV'] ?? 'production' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const serverPort = process.env['REBOUND_PORT'] ?? '4310';
const serverUrl = await run('server/main.ts', { REBOUND_DEMO: '1', REBOUND_PORT: serverPort, REBOUND_DEMO_CALLS_PER_MINUTE: process.env['REBOUND_DEMO_CALLS_PER_MINUTE'] ?? '6', REBOUND_DEMO_VOICE_AGENT_SPIKE_MINUTES: process.env['REBOUND_DEMO_VOICE_AGENT_SPIKE_MINUTES'] ?? '3' });

const binary = electronBinary();
// A dev Electron needs better-sqlite3 built for its ABI (npm run electron:rebuild); without it
// the desk still starts, in the browser.
const nativeBuilt = existsSync(path.join(root, DEV_NATIVE_BINDING));
if (binary && !nativeBuilt) console.log(`Electron is installed, but better-sqlite3 is not built for it yet: run npm run electron:rebuild once.`);
if (binary && nativeBuilt) {
  spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tools/build-electron.ts')], { cwd: root, stdio: 'inherit' });
  // On the repository: its package.json names the bundle, and app.getAppPath() is where dist/ and .native/ are.
  const app = spawn(binary, [root], { cwd: root, env: { ...process.env, REBOUND_SERVER_URL: serverUrl }, stdio: 'inherit' });
  children.push(app);
  app.on('exit', () => stopAll());
  console.log('Started the Rebound desktop app (Electron).');
} else {
  const url = await run('main/web-host/main.ts', { REBOUND_SERVER_URL: serverUrl, REBOUND_WEB_PORT: process.env['REBOUND_WEB_PORT'] ?? '4320' });
  console.log(
    `\nNo Electron binary on this machine, so the desk runs in your browser through the web host:\n  open ${url}\n` +
      '(use this whole address: it carries this launch\'s key, and the bare address answers 403)\n' +
      'Demo sign-ins, password rebound-demo: ava@northside.example (CSR), ben@rebound.example and cora@southside.example\n' +
      '(senior CSRs, with Second Chance Leads), sam@rebound.example (supervisor, report), admin@rebound.example. Ctrl+C stops everything.',
  );
}
