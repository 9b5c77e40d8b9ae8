import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationServices } from '../../../main/services';
import { startWebHost, type WebHost } from '../../../main/web-host/web-host';

/** A raw request, so the test controls the exact path and Host header a browser would not send. */
function raw(url: string, pathname: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: pathname, method: 'GET', headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function socketOpens(url: string, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api', { headers });
    ws.on('open', () => {
      ws.close();
      resolve(true);
    });
    ws.on('error', () => resolve(false));
  });
}

describe('the web host', () => {
  let dir: string;
  let host: WebHost;
  let services: WorkstationServices;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rebound-webhost-'));
    const staticDir = path.join(dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>desk</title>');
    services = new WorkstationServices({ dataDir: path.join(dir, 'desk'), defaultServerUrl: 'http://127.0.0.1:9' });
    host = await startWebHost({ services, staticDir });
    mkdirSync(services.exportDir, { recursive: true });
    writeFileSync(path.join(services.exportDir, 'report.csv'), 'a,b\n1,2\n');
  });
  afterAll(async () => {
    await host?.close();
    await services?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 to a malformed URL and keeps serving', async () => {
    expect((await raw(host.url, '/%E0%A4%A')).status).toBe(400);
    expect((await raw(host.url, '/exports/%E0%A4%A.csv')).status).toBe(400);
    expect((await raw(host.url, '/assets/x.js')).status).toBe(404);
  });

  it('refuses a foreign Host (a DNS-rebinding page), for pages, exports and the socket', async () => {
    const port = new URL(host.url).port;
    for (const h of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, 'localhost:1']) {
      expect([h, (await raw(host.url, '/', { host: h })).status]).toEqual([h, 403]);
      expect([h, (await raw(host.url, '/exports/report.csv', { host: h })).status]).toEqual([h, 403]);
    }
  });

  it('hands the launch key to the page it opens, and requires it on the socket and on downloads', async () => {
    const origin = host.url;
    // Another local process forging the Origin, without the key:
    expect((await raw(origin, '/')).status).toBe(403);
    expect((await raw(origin, '/exports/report.csv')).status).toBe(403);
    expect(await socketOpens(origin, { origin })).toBe(false);
    expect((await raw(origin, '/launch/not-the-key')).status).toBe(403);

    // The page opened at the launch address:
    const launch = await raw(origin, new URL(host.openUrl).pathname);
    expect(launch.status).toBe(302);
    const setCookie = launch.headers['set-cookie']![0]!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    expect((await raw(origin, '/', { cookie })).status).toBe(200);
    const csv = await raw(origin, '/exports/report.csv', { cookie });
    expect([csv.status, csv.body]).toEqual([200, 'a,b\n1,2\n']);
    expect(await socketOpens(origin, { origin, cookie })).toBe(true);
    // The key is not for another origin's page.
    expect(await socketOpens(origin, { origin: 'http://evil.example', cookie })).toBe(false);
  });
});
