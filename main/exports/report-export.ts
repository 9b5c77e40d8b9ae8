import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WorkstationHandlers } from '../../shared';
import type { DeskSession } from '../session/desk-session';
import { privateDir } from '../session/private-files';
import { online } from '../sync/server-calls';

/** A file of its own for an export: `name`, or `name-2`, `name-3`… when that is taken. */
async function freshFile(dir: string, name: string): Promise<{ fileName: string; out: WriteStream }> {
  for (let n = 1; ; n++) {
    const fileName = n === 1 ? name : name.replace(/(\.csv)?$/, `-${n}$1`);
    const out = createWriteStream(path.join(dir, fileName), { mode: 0o600, flags: 'wx' });
    try {
      await once(out, 'open');
      return { fileName, out };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw err;
    }
  }
}

/**
 * The report's CSV export: streamed from the server into a file of its own on this machine, in
 * the desk's private exports folder or the folder the app was given (Electron: Downloads).
 */
export class ReportExports {
  private servedAt: string | null = null;

  constructor(
    private readonly desk: DeskSession,
    private readonly dataDir: string,
    /** Where exports are written (default: `<dataDir>/exports`). */
    private readonly chosenDir: string | undefined,
  ) {}

  get dir(): string {
    return this.chosenDir ?? path.join(this.dataDir, 'exports');
  }

  /** The web host serves finished exports under this path, so the browser can download them. */
  serveAt(prefix: string): void {
    this.servedAt = prefix;
  }

  handlers(): Pick<WorkstationHandlers, 'exportReport'> {
    return {
      exportReport: async (req) =>
        online(this.desk, async (o) => {
          const { name, body } = await o.api.stream('reportCsv', o.token, req);
          // Our own exports folder is private; a folder the user chose (Downloads) keeps its mode.
          if (this.chosenDir) mkdirSync(this.dir, { recursive: true });
          else privateDir(this.dir);
          // The server names it by the report's days and the moment of export in the report's time
          // zone. A file of that name already there (two exports in one second) is never overwritten:
          // the user may still be opening it; the new one gets "-2", "-3"…
          const { fileName, out } = await freshFile(this.dir, name);
          const savedTo = path.join(this.dir, fileName);
          await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), out);
          return { fileName, bytes: statSync(savedTo).size, savedTo, downloadPath: this.servedAt ? this.servedAt + encodeURIComponent(fileName) : null };
        }, 'Exporting the report needs the server, which cannot be reached right now.'),
    };
  }
}
