// `npm start`: runs Rebound on this machine: the sync server with embedded storage and demo
// traffic from the simulated carrier. The desktop app (Electron, or the web host in a browser
// where no Electron binary exists) joins here once the desktop-services issue lands.
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = {
  ...process.env,
  REBOUND_DEMO_CALLS_PER_MINUTE: process.env['REBOUND_DEMO_CALLS_PER_MINUTE'] ?? '6',
  REBOUND_PORT: process.env['REBOUND_PORT'] ?? '4310',
};
const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: 'inherit' });
console.log(
  'Starting the Rebound sync server with demo traffic. The desktop screens are not built yet (open issues 4-5);\n' +
    'until then you can watch calls arrive in the log and read them through the sync API.',
);
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));
