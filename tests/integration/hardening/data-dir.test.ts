import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirError } from '../../../server/store/data-dir';
import { openDb } from '../../../server/store/open-db';
import { spawnServer } from '../../support/server-process';
import { startTestServer } from '../../support/test-server';

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'rebound-datadir-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const worldWritable = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.join(e.parentPath, e.name))
    .concat(dir)
    .filter((p) => statSync(p).mode & 0o002);

describe('the PGlite data directory', () => {
  it('refuses a second server on the same directory, and creates no world-writable file even under umask 0', async () => {
    const dataDir = freshDir();
    const before = process.umask(0); // the children inherit it
    let first;
    try {
      first = await spawnServer({ REBOUND_DATA_DIR: dataDir, REBOUND_DEMO: '1' });
    } finally {
      process.umask(before);
    }
    try {
      const second = await spawnServer({ REBOUND_DATA_DIR: dataDir, REBOUND_DEMO: '1' }).then(
        () => 'started',
        (err: Error) => err.message,
      );
      expect(second).toContain(`Another Rebound server (pid ${first.child.pid}) is using the database folder ${path.join(dataDir, 'pg')}`);
      // One clear line, not a stack.
      expect(second).not.toMatch(/\n\s+at /);
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
    } finally {
      await first.stop();
    }
    expect(worldWritable(path.join(dataDir, 'pg'))).toEqual([]);
  }, 180_000);

  it('refuses a directory that lost PG_VERSION instead of emptying it', async () => {
    const dir = path.join(freshDir(), 'pg');
    const db = await openDb({ dataDir: dir });
    await db.exec("create table keep_me (x text); insert into keep_me values ('3,000 leads')");
    await db.close();
    rmSync(path.join(dir, 'PG_VERSION'));
    const count = readdirSync(dir, { recursive: true }).length;
    const err = await openDb({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toContain(`${dir} holds files but no PG_VERSION`);
    expect(readdirSync(dir, { recursive: true }).length).toBe(count);
    expect(existsSync(path.join(dir, 'rebound-server.lock'))).toBe(false);
  }, 60_000);

  it('names a damaged database and what to do, in one line', async () => {
    const dir = path.join(freshDir(), 'pg');
    const db = await openDb({ dataDir: dir });
    await db.close();
    writeFileSync(path.join(dir, 'global', 'pg_control'), Buffer.alloc(8192, 7));
    const err = await openDb({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirError);
    expect((err as Error).message).toMatch(new RegExp(`^The database in ${dir} cannot be opened .*restore the folder from a backup`, 'i'));
    expect((err as Error).message).not.toContain('\n');
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)('names a read-only directory and what to do (skipped as root, who may write anywhere)', async () => {
    const dir = path.join(freshDir(), 'pg');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    const err = await openDb({ dataDir: dir }).catch((e: unknown) => e);
    chmodSync(dir, 0o700);
    expect((err as Error).message).toContain(`The database folder ${dir} is read-only`);
  });

  it('reports not-ok on /health when the database cannot write, and counts failed inbox rows', async () => {
    const t = await startTestServer({ name: 'pglite' });
    try {
      const healthy = await fetch(`${t.url}/health`);
      expect(healthy.status).toBe(200);
      expect(await healthy.json()).toMatchObject({ ok: true, database: 'writable', inboxFailed: 0 });
      // A webhook that could not be applied is kept with its error: the operator must hear of it.
      await t.db.query("insert into webhook_inbox (kind, call_sid, params, received_at, error) values ('status', 'CA0', '{}', now(), 'could not apply')");
      expect(await (await fetch(`${t.url}/health`)).json()).toMatchObject({ ok: true, inboxFailed: 1 });
      await t.db.query('set default_transaction_read_only = on');
      const sick = await fetch(`${t.url}/health`);
      await t.db.query('set default_transaction_read_only = off');
      expect(sick.status).toBe(503);
      expect(await sick.json()).toMatchObject({ ok: false, database: 'cannot write' });
    } finally {
      await t.close();
    }
  }, 60_000);
});
