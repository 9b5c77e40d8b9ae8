import { parseEvent, type ApiEvent, type ApiEventPayload } from '../shared';

type Listener = (payload: unknown) => void;

/** The events the desk sends the renderer (shared/api/contract.ts), each checked against its schema on the way out. */
export class DeskEvents {
  private listeners = new Map<ApiEvent, Set<Listener>>();

  on<E extends ApiEvent>(event: E, listener: (p: ApiEventPayload<E>) => void): () => void {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener as Listener);
    return () => this.listeners.get(event)?.delete(listener as Listener);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void {
    const checked = parseEvent(event, payload);
    this.listeners.get(event)?.forEach((l) => l(checked));
  }
}
