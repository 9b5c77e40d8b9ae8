import {
  API_METHODS,
  ApiError,
  connectionStateSchema,
  sessionSchema,
  type ApiEvent,
  type ApiEventPayload,
  type ConnectionState,
  type Envelope,
  type Session,
  type WorkstationHandlers,
} from '../../shared';
import { servicesFrameSchema, type Port, type ServicesInit } from './desk-protocol';

/** What a host (the web host, the Electron shell) uses of the desk services, wherever they run. */
export type DeskServices = {
  readonly handlers: WorkstationHandlers;
  on<E extends ApiEvent>(event: E, listener: (p: ApiEventPayload<E>) => void): () => void;
  readonly connection: ConnectionState | null;
  readonly exportDir: string;
  serveExportsAt(prefix: string): void;
};

type Listener = (payload: unknown) => void;

/**
 * The host's side of the channel to the services: the same surface as WorkstationServices, every
 * call a message. The host thread only relays, so a catch-up writing 50,000 rows into SQLite
 * never holds up the window or the web host's socket.
 */
export class RemoteServices implements DeskServices {
  private nextId = 1;
  private readonly pending = new Map<number, (e: Envelope) => void>();
  private readonly listeners = new Map<ApiEvent, Set<Listener>>();
  private lastConnection: ConnectionState | null = null;
  private readyWait: Promise<void>;
  private dead: string | null = null;

  constructor(
    private readonly port: Port,
    init: ServicesInit,
    private readonly terminate: () => Promise<void>,
  ) {
    this.exportDir = init.exportDir ?? `${init.dataDir}/exports`;
    let ready!: () => void;
    this.readyWait = new Promise((r) => (ready = r));
    port.onMessage((raw) => {
      const f = servicesFrameSchema.safeParse(raw);
      if (!f.success) return;
      const frame = f.data;
      if (frame.t === 'ready') ready();
      else if (frame.t === 'reply') {
        this.pending.get(frame.id)?.(frame.envelope);
        this.pending.delete(frame.id);
      } else {
        if (frame.event === 'connection') this.lastConnection = connectionStateSchema.parse(frame.payload);
        this.listeners.get(frame.event as ApiEvent)?.forEach((l) => l(frame.payload));
      }
    });
    port.post({ t: 'init', options: init });
  }

  readonly exportDir: string;

  /** The services stopped (crashed or were ended): every waiting call and later one says so. */
  failed(reason: string): void {
    this.dead = reason;
    const envelope: Envelope = { ok: false, error: { code: 'internal', message: reason } };
    this.pending.forEach((resolve) => resolve(envelope));
    this.pending.clear();
  }

  private send(frame: { t: 'call'; method: string; payload: unknown } | { t: 'control'; op: string; arg?: string }): Promise<Envelope> {
    if (this.dead) return Promise.resolve({ ok: false, error: { code: 'internal', message: this.dead } });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.post({ ...frame, id });
    });
  }

  /** A call as it came from the renderer: validated and answered by the services' dispatcher. */
  dispatch(method: string, payload: unknown): Promise<Envelope> {
    return this.send({ t: 'call', method, payload });
  }

  private async control(op: 'restore' | 'close' | 'syncNow' | 'serveExportsAt', arg?: string): Promise<unknown> {
    await this.readyWait;
    return unwrap(await this.send({ t: 'control', op, ...(arg ? { arg } : {}) }));
  }

  readonly handlers = Object.fromEntries(API_METHODS.map((m) => [m, async (req: unknown) => unwrap(await this.dispatch(m, req))])) as unknown as WorkstationHandlers;

  on<E extends ApiEvent>(event: E, listener: (p: ApiEventPayload<E>) => void): () => void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener as Listener);
    return () => this.listeners.get(event)?.delete(listener as Listener);
  }

  get connection(): ConnectionState | null {
    return this.lastConnection;
  }

  async restore(): Promise<Session | null> {
    return sessionSchema.nullable().parse(await this.control('restore'));
  }

  async syncNow(): Promise<void> {
    await this.control('syncNow');
  }

  serveExportsAt(prefix: string): void {
    void this.control('serveExportsAt', prefix);
  }

  /** Closes the cache (a sync round in flight finishes first) and ends the thread or process. */
  async close(): Promise<void> {
    if (!this.dead) await this.control('close').catch(() => {});
    this.failed('The desk services have stopped.');
    await this.terminate();
  }
}

function unwrap(e: Envelope): unknown {
  if (!e.ok) throw new ApiError(e.error.code, e.error.message, e.error.fields);
  return e.value;
}
