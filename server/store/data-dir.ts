import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/** A data directory the server must not open; its message is the one line the operator reads. */
export class DataDirError extends Error {}

const LOCK = 'rebound-server.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const WHAT_TO_DO = 'give the user running Rebound write access to it, or set REBOUND_DATA_DIR to a writable folder';

/** Why a folder cannot be written, in the operator's words (the system's code in brackets). */
function cannotWrite(dir: string, err: unknown): DataDirError {
  const code = (err as NodeJS.ErrnoException).code ?? 'unknown error';
  if (code === 'ENOSPC' || code === 'EDQUOT') return new DataDirError(`The database folder ${dir} is on a full disk (${code}): free some space, or set REBOUND_DATA_DIR to a folder on another disk.`);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EEXIST') {
    return new DataDirError(`The database folder ${dir} cannot be created (${code}): a part of its path is missing or is a file. Create the folder, or set REBOUND_DATA_DIR to a writable folder.`);
  }
  // EACCES, EPERM (immutable), EROFS (a read-only mount) and the rest.
  return new DataDirError(`The database folder ${dir} is read-only or not ours (${code}): ${WHAT_TO_DO}.`);
}

/** Creates `dir` if it is missing; a folder that cannot be made gets the one-line message. */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw cannotWrite(dir, err);
  }
  if (!statSync(dir).isDirectory()) throw new DataDirError(`The database folder ${dir} is a file, not a folder: move it away, or set REBOUND_DATA_DIR to a folder.`);
  // A real write, not access(2): root passes access() on an immutable folder or a read-only mount.
  const probe = path.join(dir, `.rebound-write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w', 0o600));
  } catch (err) {
    throw cannotWrite(dir, err);
  }
  rmSync(probe, { force: true });
}

/**
 * Checks a PGlite data directory before PGlite touches it: PGlite initialises any directory
 * without PG_VERSION, so one that lost it (but holds other files) would be silently emptied.
 */
export function checkDataDir(dir: string): void {
  ensureWritableDir(dir);
  const entries = readdirSync(dir).filter((f) => f !== LOCK);
  if (entries.length > 0 && !existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new DataDirError(
      `The database folder ${dir} holds files but no PG_VERSION: it is not a complete Rebound database. Refusing to start, so nothing in it is overwritten; restore it from a backup, or set REBOUND_DATA_DIR to an empty folder.`,
    );
  }
}

/**
 * One server process per data directory: PGlite is a single-process database, and two on one
 * folder lose rows. The lock names its holder's pid; a lock whose process is gone is taken over.
 * Returns the release function.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
      process.once('exit', release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new DataDirError(`Cannot lock the database folder ${dir}: ${(err as Error).message}.`);
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && alive(pid)) {
        throw new DataDirError(`Another Rebound server (pid ${pid}) is using the database folder ${dir}. Stop it first, or set REBOUND_DATA_DIR to another folder.`);
      }
      rmSync(file, { force: true }); // its process is gone: a crash left it
    }
  }
  throw new DataDirError(`Cannot lock the database folder ${dir}: another process keeps taking it.`);
}

/** Takes group and world write bits off what an older build (or a loose umask) left behind. */
export function tightenModes(dir: string): void {
  const walk = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.mode & 0o022) chmodSync(p, st.mode & 0o7755);
    if (st.isDirectory()) for (const f of readdirSync(p)) walk(path.join(p, f));
  };
  walk(dir);
}

/**
 * Readies PGlite's data folder before it opens (checked, locked against a second server, files
 * never world-writable) and returns the lock's release. In the server's thread, whichever
 * thread PGlite runs in: a worker thread cannot change the process's umask.
 */
export function prepareDataDir(dir: string | undefined): () => void {
  if (!dir) return () => {};
  checkDataDir(dir);
  const release = lockDataDir(dir);
  // PGlite creates files with the process's umask (0666 under umask 0): never world-writable.
  process.umask(process.umask() | 0o022);
  tightenModes(dir);
  return release;
}

/** The one line a server prints when PGlite cannot open its folder. */
export function damagedDataDir(dir: string | undefined, reason: string): DataDirError {
  return new DataDirError(`The database in ${dir ?? 'memory'} cannot be opened (${reason}): it may be damaged. Restore the folder from a backup, or set REBOUND_DATA_DIR to an empty folder to start afresh.`);
}
