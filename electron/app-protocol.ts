import { net, protocol } from 'electron';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, withStyleNonce } from '../shared';

/** Must run before the app is ready: rebound:// behaves like a secure standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'rebound', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file a rebound://app/ URL names inside the renderer folder, or null for anything else. */
export function rendererFile(root: string, rawUrl: string): string | null {
  let url: URL;
  let rel: string;
  try {
    url = new URL(rawUrl);
    rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
  } catch {
    return null; // malformed URL or percent-encoding
  }
  if (url.host !== 'app' || rel.includes('\0')) return null;
  const file = path.resolve(root, rel);
  return file.startsWith(root + path.sep) ? file : null;
}

/** Serves the built renderer from rebound://app/, never reaching outside its folder. */
export function serveRenderer(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle('rebound', async (req) => {
    const file = rendererFile(root, req.url);
    if (!file) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    // The page gets a style nonce of its own, new with every load (see contentSecurityPolicy).
    if (res.ok && path.basename(file) === 'index.html') {
      const nonce = randomBytes(18).toString('base64');
      headers.set('Content-Security-Policy', contentSecurityPolicy([], nonce));
      return new Response(withStyleNonce(await res.text(), nonce), { status: res.status, headers });
    }
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    return new Response(res.body, { status: res.status, headers });
  });
}
