import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS } from '../../../main/cache/migrations';
import { CacheTooNewError, openCache } from '../../../main/cache/open-cache';

/** The desk's cache keeps its schema history in user_version; a newer one is refused, not misread. */
describe('desk cache migrations', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('brings a new cache file to the latest schema and reopens it without change', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rebound-cache-'));
    const file = path.join(dir, 'cache.sqlite');
    openCache(file).close();
    const db = openCache(file);
    expect(db.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length);
    db.close();
  });

  it('refuses a cache written by a newer build, and leaves the file as it was', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rebound-cache-'));
    const file = path.join(dir, 'cache.sqlite');
    openCache(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${CACHE_MIGRATIONS.length + 1}`);
    raw.exec('create table from_a_newer_build (x integer)');
    raw.close();

    expect(() => openCache(file)).toThrow(CacheTooNewError);
    expect(() => openCache(file)).toThrow(new RegExp(`newer Rebound \\(schema ${CACHE_MIGRATIONS.length + 1}\\); update the app`));
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(CACHE_MIGRATIONS.length + 1);
    expect(after.prepare("select name from sqlite_master where name = 'from_a_newer_build'").get()).toBeTruthy();
    after.close();
  });
});
