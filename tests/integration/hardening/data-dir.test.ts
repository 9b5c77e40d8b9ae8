import { execFileSync } from 'node:child_process';
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

/**
 * The strongest real way this user has to make a folder read-only: the mode bits for a normal
 * user; for root (who ignores them, as on this machine and in CI) the immutable attribute, which
 * binds root too. Without CAP_LINUX_IMMUTABLE (some containers) there is none, and the tests say so.
 */
const readOnly = ((): { how: string | null; why?: string; apply?: (dir: string) => () => void } => {
  if (process.getuid?.() !== 0) {
    return {
      how: 'chmod 0500',
      apply: (dir) => {
        chmodSync(dir, 0o500);
        return () => chmodSync(dir, 0o700);
      },
    };
  }
  const probe = mkdtempSync(path.join(os.tmpdir(), 'rebound-immutable-'));
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'pipe' });
    execFileSync('chattr', ['-i', probe], { stdio: 'pipe' });
  } catch (err) {
    const why = `skipped: running as root, and chattr +i is refused here (${String((err as Error).message).split('\n')[0]})`;
    console.warn(`[rebound] read-only data directory tests ${why}`);
    return { how: null, why };
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
  return {
    how: 'as root: chattr +i',
    apply: (dir) => {
      execFileSync('chattr', ['+i', dir]);
      return () => execFileSync('chattr', ['-i', dir]);
    },
  };
})();

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

  it.skipIf(!readOnly.how)(`names a read-only directory and what to do, in one line (${readOnly.how ?? readOnly.why})`, async () => {
    const dir = path.join(freshDir(), 'pg');
    mkdirSync(dir);
    const undo = readOnly.apply!(dir);
    try {
      const err = await openDb({ dataDir: dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirError);
      expect((err as Error).message).toMatch(new RegExp(`^The database folder ${dir} is read-only or not ours \\((EACCES|EPERM)\\): give the user running Rebound write access to it, or set REBOUND_DATA_DIR`));
      expect((err as Error).message).not.toContain('\n');
      expect(readdirSync(dir)).toEqual([]); // nothing half-made
    } finally {
      undo();
    }
  });

  it.skipIf(!readOnly.how)(`refuses a read-only REBOUND_DATA_DIR at start with one line, not a stack (${readOnly.how ?? readOnly.why})`, async () => {
    const dataDir = freshDir();
    const undo = readOnly.apply!(dataDir);
    try {
      const out = await spawnServer({ REBOUND_DATA_DIR: dataDir }).then(
        (s) => s.stop().then(() => 'started'),
        (err: Error) => err.message,
      );
      expect(out).toContain('server exited with 1');
      // The data folder itself, or its pg/ when a Twilio token in the environment skips the carrier's secret file.
      expect(out).toMatch(new RegExp(`Rebound server: The database folder ${dataDir}(/pg)? is read-only or not ours \\((EACCES|EPERM)\\)`));
      expect(out).toContain('set REBOUND_DATA_DIR to a writable folder');
      expect(out).not.toMatch(/\n\s+at /);
    } finally {
      undo();
    }
  }, 60_000);

  it('names a folder that is a file, or lies under one, and what to do', async () => {
    const file = path.join(freshDir(), 'pg');
    writeFileSync(file, 'not a folder');
    const notDir = await openDb({ dataDir: file }).catch((e: unknown) => e);
    expect(notDir).toBeInstanceOf(DataDirError);
    expect((notDir as Error).message).toMatch(new RegExp(`^The database folder ${file} cannot be created \\(EEXIST\\).*Create the folder, or set REBOUND_DATA_DIR`));
    // A file part-way along the path: nothing can be created under it.
    const under = path.join(file, 'pg');
    const refused = await openDb({ dataDir: under }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirError);
    expect((refused as Error).message).toContain(`The database folder ${under} cannot be created (ENOTDIR)`);
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
