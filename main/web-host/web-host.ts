import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  API_EVENTS,
  contentSecurityPolicy,
  createApiDispatcher,
  withStyleNonce,
  wsClientFrameSchema,
  type WsServerFrame,
} from '../../shared';
import type { DeskServices } from '../desk-host/remote-services';
import { readStatic } from './static-files';

export type WebHost = {
  /** The host's origin. */
  url: string;
  /** The address to open the desk at: it carries this launch's secret, which the page keeps in a cookie. */
  openUrl: string;
  close(): Promise<void>;
};

/** Host names a page on this machine reaches us by; any other name is a DNS-rebinding page. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

const NO_LAUNCH_PAGE = `<!doctype html><meta charset="utf-8"><title>Rebound</title>
<p>Open the desk from the address the web host printed when it started (<code>npm start</code> shows it): it carries this launch's key.</p>`;

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
  let port = 0;
  // Per launch: only a page opened through openUrl holds it (in an HttpOnly cookie), so another
  // local process, whatever Origin it forges, cannot drive the desk or read its exports.
  const secret = randomBytes(32).toString('base64url');
  const cookieName = () => `rebound_desk_${port}`; // cookies ignore ports: one per host
  const launched = (req: http.IncomingMessage) => {
    const value = cookieOf(req.headers.cookie, cookieName());
    return value !== null && value.length === secret.length && timingSafeEqual(Buffer.from(value), Buffer.from(secret));
  };
  const loopbackHost = (req: http.IncomingMessage) => {
    const h = req.headers.host ?? '';
    const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.split(':')[0]!;
    return LOOPBACK_NAMES.has(name.toLowerCase()) && h.slice(name.length) === `:${port}`;
  };

  const server = http.createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!loopbackHost(req)) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('This desk answers only to its loopback address.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    let pathname: string;
    let search: string;
    try {
      const u = new URL(req.url ?? '/', 'http://desk');
      pathname = decodeURIComponent(u.pathname);
      search = u.search;
    } catch {
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad address');
    }
    const launch = /^\/launch\/([\w-]+)\/?$/.exec(pathname);
    if (launch) {
      if (launch[1] !== secret) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('That launch key is not this launch\'s.');
      res.writeHead(302, {
        location: `/${search}`,
        'set-cookie': `${cookieName()}=${secret}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    // A finished report export, by the exact name the desk gave it; nothing else of that folder.
    const exported = /^\/exports\/([\w.-]+\.csv)$/.exec(pathname);
    if (exported) {
      if (!launched(req)) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('Open the desk from its launch address first.');
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
    if ((pathname === '/' || pathname === '/index.html') && !launched(req)) {
      return void res.writeHead(403, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NO_LAUNCH_PAGE);
    }
    const file = await readStatic(opts.staticDir, pathname);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    // The page gets a style nonce of its own, new with every response (see contentSecurityPolicy).
    const nonce = pathname === '/' || pathname === '/index.html' ? randomBytes(18).toString('base64') : undefined;
    const body = nonce ? Buffer.from(withStyleNonce(file.body.toString('utf8'), nonce)) : file.body;
    res.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': contentSecurityPolicy([origin.replace(/^http/, 'ws')], nonce),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    // Our own page only: a loopback Host, its Origin, and this launch's cookie.
    if (req.url !== '/api' || !loopbackHost(req) || req.headers.origin !== `http://${req.headers.host}` || !launched(req)) {
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
  port = (server.address() as { port: number }).port;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    openUrl: `${origin}/launch/${secret}`,
    async close() {
      offs.forEach((off) => off());
      clients.forEach((ws) => ws.terminate());
      wss.close();
      await new Promise((r) => server.close(r));
    },
  };
}

function cookieOf(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}
