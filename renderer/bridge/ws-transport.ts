import { wsServerFrameSchema, type ApiEvent, type ApiMethod } from '../../shared';
import type { ApiTransport } from '../../shared';

/**
 * The web host's transport: calls and events over one WebSocket to the page's own origin.
 * Calls made while the socket (re)connects wait for it; a dropped socket reconnects by itself.
 */
export function webSocketTransport(url = `ws://${location.host}/api`): ApiTransport {
  let ws: WebSocket | null = null;
  let nextId = 1;
  const waiting = new Map<number, (reply: unknown) => void>();
  const listeners = new Map<ApiEvent, Set<(p: unknown) => void>>();
  let ready: Promise<WebSocket> = connect();

  function connect(): Promise<WebSocket> {
    return new Promise((resolve) => {
      const socket = new WebSocket(url);
      socket.onopen = () => {
        ws = socket;
        resolve(socket);
      };
      socket.onmessage = (msg) => {
        const frame = wsServerFrameSchema.safeParse(JSON.parse(String(msg.data)));
        if (!frame.success) return;
        if (frame.data.type === 'reply') {
          waiting.get(frame.data.id)?.(frame.data.envelope);
          waiting.delete(frame.data.id);
        } else {
          listeners.get(frame.data.event as ApiEvent)?.forEach((l) => l(frame.data.type === 'event' ? frame.data.payload : null));
        }
      };
      socket.onclose = () => {
        ws = null;
        for (const [, reply] of waiting) reply({ ok: false, error: { code: 'offline', message: 'Lost the connection to the desk service.' } });
        waiting.clear();
        setTimeout(() => (ready = connect()), 500);
      };
    });
  }

  return {
    async invoke(method: ApiMethod, payload: unknown) {
      const socket = ws ?? (await ready);
      const id = nextId++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, payload }));
      });
    },
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      return () => listeners.get(event)?.delete(listener);
    },
  };
}
