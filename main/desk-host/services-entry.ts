// Entry point of the desk services off the UI thread: a worker thread in the web host, Electron's
// utility process in the desktop app (bundled as dist/electron/desk-services.cjs). No Electron
// import: in a utility process Electron puts the channel to the main process on process.parentPort.
import { parentPort } from 'node:worker_threads';
import type { Port } from './desk-protocol';
import { serveServices } from './serve-services';

type ElectronParentPort = { postMessage(m: unknown): void; on(e: 'message', l: (e: { data: unknown }) => void): void };
const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

let port: Port;
if (electronPort) {
  port = { post: (m) => electronPort.postMessage(m), onMessage: (l) => electronPort.on('message', (e) => l(e.data)) };
} else if (parentPort) {
  const p = parentPort;
  port = { post: (m) => p.postMessage(m), onMessage: (l) => p.on('message', l) };
} else {
  throw new Error('The desk services entry runs in a worker thread or an Electron utility process.');
}
serveServices(port);
