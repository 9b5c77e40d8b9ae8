import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ServicesInit } from './desk-protocol';
import { RemoteServices } from './remote-services';

/**
 * A worker thread running the desk services' entry: `entry` when it is a built file, otherwise
 * the TypeScript source, with tsx registered first (a worker does not inherit its parent's loaders).
 */
export function spawnServicesWorker(entry = path.join(import.meta.dirname, 'services-entry.js')): Worker {
  if (existsSync(entry)) return new Worker(entry);
  const source = pathToFileURL(path.join(import.meta.dirname, 'services-entry.ts')).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, { eval: true });
}

/** The web host's desk services in a worker thread, reached through a RemoteServices. */
export async function startServicesWorker(init: ServicesInit): Promise<RemoteServices> {
  const worker = spawnServicesWorker();
  const remote = new RemoteServices({ post: (m) => worker.postMessage(m), onMessage: (l) => worker.on('message', l) }, init, async () => {
    await worker.terminate();
  });
  worker.on('error', (err) => {
    console.error(`[rebound] The desk services stopped: ${err.message}`);
    remote.failed(`The desk services stopped: ${err.message}`);
  });
  worker.on('exit', (code) => remote.failed(`The desk services stopped (exit ${code}).`));
  return remote;
}
