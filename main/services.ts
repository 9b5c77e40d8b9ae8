import { ApiError, type ApiEvent, type ApiEventPayload, type WorkstationHandlers } from '../shared';
import { DeskEvents } from './desk-events';
import { ReportExports } from './exports/report-export';
import { leadEdits } from './leads/lead-edits';
import { leadReads } from './leads/lead-reads';
import { DeskSession, type SessionOptions } from './session/desk-session';
import { relayedCalls, transcriptCall } from './sync/server-calls';
import { callbackWindow } from './voice/callback-window';

export type ServicesOptions = SessionOptions & {
  clock?: () => Date;
  /** Where report exports are written (default: `<dataDir>/exports`; Electron uses Downloads). */
  exportDir?: string;
};

/**
 * The desk's services behind the typed workstation API, put together from one module per
 * responsibility: who is signed in (session/desk-session.ts), the leads' reads and edits
 * (leads/), the report export (exports/), the callback window (voice/), and the calls only the
 * server answers (sync/server-calls.ts). Plain Node, no Electron: the Electron shell, the web host
 * and the tests all drive this same object.
 */
export class WorkstationServices {
  private readonly events = new DeskEvents();
  private readonly desk: DeskSession;
  private readonly exports: ReportExports;
  readonly handlers: WorkstationHandlers;

  constructor(o: ServicesOptions) {
    const clock = o.clock ?? (() => new Date());
    this.desk = new DeskSession(o, clock, this.events);
    this.exports = new ReportExports(this.desk, o.dataDir, o.exportDir);
    this.handlers = {
      ...relayedCalls(this.desk),
      ...this.desk.handlers(),
      ...leadReads(this.desk, clock),
      ...leadEdits(this.desk, clock, this.events),
      ...callbackWindow(this.desk, clock),
      ...this.exports.handlers(),
      ...transcriptCall(this.desk),
      // Only the desktop app installs updates; it answers this call itself.
      installUpdate: async () => {
        throw new ApiError('invalid_request', 'Updates are installed by the Rebound desktop app.');
      },
    };
  }

  on<E extends ApiEvent>(event: E, listener: (p: ApiEventPayload<E>) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Reopens the last signed-in session from the cache after a restart (null when nobody was signed in). */
  restore() {
    return this.desk.restore();
  }

  close(): Promise<void> {
    return this.desk.close();
  }

  /** Waits for one push-and-pull round; for tests and for "sync now" in the UI. */
  syncNow(): Promise<void> {
    return this.desk.syncNow();
  }

  get connection() {
    return this.desk.connection;
  }

  get exportDir(): string {
    return this.exports.dir;
  }

  /** The web host serves finished exports under this path, so the browser can download them. */
  serveExportsAt(prefix: string): void {
    this.exports.serveAt(prefix);
  }
}
