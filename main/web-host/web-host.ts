import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  API_EVENTS,
  contentSecurityPolicy,
  createApiDispatcher,
  wsClientFrameSchema,
  type WsServerFrame,
} from '../../shared';
import type { DeskServices } from '../desk-host/remote-services';
import { readStatic } from './static-files';

export type WebHost = { url: string; close(): Promise<void> };

/**
 * Serves the built renderer on localhost and carries the typed API over a WebSocket, for
 * desks without Electron and for the browser tests. The socket only accepts pages of its own
 * origin, so another site open in the same browser cannot drive the desk.
 */
export async function startWebHost(opts: { services: DeskServices; staticDir: string; host?: string; port?: number }): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const dispatch = createApiDispatcher(opts.services.handlers);
  opts.services.serveExportsAt('/exports/');
  let origin = '';

  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    // A finished report export, by the exact name the desk gave it; nothing else of that folder.
    const exported = /^\/exports\/([\w.-]+\.csv)$/.exec(req.url ?? '');
    if (exported) {
      const file = path.join(opts.services.exportDir, exported[1]!);
      if (!existsSync(file)) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('No such export');
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${exported[1]}"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-store',
      });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file).pipe(res);
      return;
    }
    const file = await readStatic(opts.staticDir, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')]),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/api' || req.headers.origin !== origin) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const clients = new Set<WebSocket>();
  const send = (ws: WebSocket, frame: WsServerFrame) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(frame));
  const offs = API_EVENTS.map((event) =>
    opts.services.on(event, (payload) => clients.forEach((ws) => send(ws, { type: 'event', event, payload }))),
  );

  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', async (data) => {
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        return;
      }
      const frame = wsClientFrameSchema.safeParse(raw);
      if (!frame.success) return;
      send(ws, { type: 'reply', id: frame.data.id, envelope: await dispatch(frame.data.method, frame.data.payload) });
    });
    // A page that connects late still learns the connection state at once.
    const state = opts.services.connection;
    if (state) send(ws, { type: 'event', event: 'connection', payload: state });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const address = server.address() as { port: number };
  origin = `http://${host}:${address.port}`;
  return {
    url: origin,
    async close() {
      offs.forEach((off) => off());
      clients.forEach((ws) => ws.terminate());
      wss.close();
      await new Promise((r) => server.close(r));
    },
  };
}
