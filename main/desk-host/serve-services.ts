import { API_EVENTS, createApiDispatcher, type Envelope } from '../../shared';
import { WorkstationServices } from '../services';
import { keyedSecretProtector } from '../session/keyed-secret-protector';
import { hostFrameSchema, type HostFrame, type Port } from './desk-protocol';

/**
 * The services' side of the channel: waits for its options, then answers calls with the API
 * dispatcher (which validates each payload against the contract) and forwards every event.
 */
export function serveServices(port: Port): void {
  let services: WorkstationServices | null = null;
  let dispatch: ((method: string, payload: unknown) => Promise<Envelope>) | null = null;

  const control = async (f: Extract<HostFrame, { t: 'control' }>, s: WorkstationServices): Promise<unknown> => {
    switch (f.op) {
      case 'restore':
        return s.restore();
      case 'close':
        return s.close();
      case 'syncNow':
        return s.syncNow();
      case 'serveExportsAt':
        return s.serveExportsAt(f.arg ?? '/exports/');
    }
  };

  port.onMessage(async (raw) => {
    const parsed = hostFrameSchema.safeParse(raw);
    if (!parsed.success) return;
    const f = parsed.data;
    if (f.t === 'init') {
      if (services) return;
      const { secretKey, ...options } = f.options;
      services = new WorkstationServices({ ...options, ...(secretKey ? { secretProtector: keyedSecretProtector(Buffer.from(secretKey, 'base64')) } : {}) });
      dispatch = createApiDispatcher(services.handlers);
      for (const event of API_EVENTS) services.on(event, (payload) => port.post({ t: 'event', event, payload }));
      port.post({ t: 'ready' });
      return;
    }
    if (!services || !dispatch) {
      port.post({ t: 'reply', id: f.id, envelope: { ok: false, error: { code: 'internal', message: 'The desk services have not started.' } } });
      return;
    }
    if (f.t === 'call') {
      port.post({ t: 'reply', id: f.id, envelope: await dispatch(f.method, f.payload) });
      return;
    }
    try {
      port.post({ t: 'reply', id: f.id, envelope: { ok: true, value: (await control(f, services)) ?? null } });
    } catch (err) {
      port.post({ t: 'reply', id: f.id, envelope: { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } } });
    }
  });
}
