// The desk without Electron: `tsx main/web-host/main.ts` serves the app on localhost.
import path from 'node:path';
import { startServicesWorker } from '../desk-host/start-worker';
import { startWebHost } from './web-host';

const root = path.resolve(import.meta.dirname, '../..');
// The cache and sync run in a worker thread: this thread only serves the page and the socket,
// so a long catch-up never delays an answer to the browser.
const services = await startServicesWorker({
  dataDir: path.resolve(process.env['REBOUND_DESK_DATA_DIR'] ?? path.join(root, '.data/desk')),
  defaultServerUrl: process.env['REBOUND_SERVER_URL'] ?? 'http://127.0.0.1:4310',
});
const restored = await services.restore();
const host = await startWebHost({
  services,
  staticDir: path.join(root, 'dist/renderer'),
  port: Number(process.env['REBOUND_WEB_PORT'] ?? 4320),
});
console.log(`Rebound desk (web host) on ${host.url}${restored ? ` — restored ${restored.email}'s session` : ''}; open it at the address below (it carries this launch's key)`);
console.log(`READY ${host.openUrl}`);

const stop = async () => {
  await host.close();
  await services.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
