import { utilityProcess } from 'electron';
import type { ServicesInit } from '../main/desk-host/desk-protocol';
import { RemoteServices } from '../main/desk-host/remote-services';

/**
 * The desk services (cache, outbox, sync) in Electron's utility process, as Actual does: the main
 * process only relays the window's calls, so a long catch-up never freezes the window. The typed
 * bridge is still the only way in: window -> IPC (sender checked) -> this channel -> dispatcher.
 */
export function startDeskProcess(entry: string, init: ServicesInit): RemoteServices {
  const child = utilityProcess.fork(entry, [], { serviceName: 'Rebound desk services', stdio: 'inherit' });
  // Messages wait until the process has started.
  let spawned = false;
  const queue: unknown[] = [];
  child.once('spawn', () => {
    spawned = true;
    queue.splice(0).forEach((m) => child.postMessage(m));
  });
  const remote = new RemoteServices(
    { post: (m) => (spawned ? child.postMessage(m) : queue.push(m)), onMessage: (l) => child.on('message', l) },
    init,
    async () => {
      child.kill();
    },
  );
  child.on('exit', (code) => remote.failed(`The desk services stopped (exit ${code}).`));
  return remote;
}
