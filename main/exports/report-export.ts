import { createWriteStream, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WorkstationHandlers } from '../../shared';
import type { DeskSession } from '../session/desk-session';
import { privateDir } from '../session/private-files';
import { online } from '../sync/server-calls';

/**
 * The report's CSV export: streamed from the server into a file of its own on this machine, in
 * the desk's private exports folder or the folder the app was given (Electron: Downloads).
 */
export class ReportExports {
  private servedAt: string | null = null;

  constructor(
    private readonly desk: DeskSession,
    private readonly clock: () => Date,
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
          // A fresh name each time, so an export never overwrites one the user is still opening.
          const fileName = name.replace(/\.csv$/, `-${this.clock().toISOString().slice(0, 19).replace(/[-:T]/g, '')}.csv`);
          const savedTo = path.join(this.dir, fileName);
          await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(savedTo, { mode: 0o600 }));
          return { fileName, bytes: statSync(savedTo).size, savedTo, downloadPath: this.servedAt ? this.servedAt + encodeURIComponent(fileName) : null };
        }, 'Exporting the report needs the server, which cannot be reached right now.'),
    };
  }
}
