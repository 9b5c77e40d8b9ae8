// A desk in its own process, so a test can SIGKILL it mid-push the way a power cut would.
// Usage: desk-process.ts <dataDir> <serverUrl> signin <email> | edit <count> | drain
import { WorkstationServices } from '../../main/services';
import { DEMO_PASSWORD } from '../../server/demo/seed';

const [dataDir, serverUrl, mode, arg] = process.argv.slice(2) as [string, string, string, string | undefined];
const services = new WorkstationServices({ dataDir, defaultServerUrl: serverUrl, sync: { backoffBaseMs: 50, backoffMaxMs: 300, pullEveryMs: 1000 } });
const api = services.handlers;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function idle(): Promise<void> {
  for (;;) {
    await services.syncNow();
    if (services.connection?.unsent === 0 && services.connection.state !== 'offline') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (mode === 'signin') {
  await api.signIn({ email: arg!, password: DEMO_PASSWORD });
  await idle();
  const { total } = await api.listLeads({ tab: 'open', filterSet: { kind: 'abandoned', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 1 });
  say(`SIGNED-IN ${total}`);
  await services.close();
} else if (mode === 'edit') {
  if (!services.restore()) throw new Error('no session to restore');
  const { rows } = await api.listLeads({ tab: 'open', filterSet: { kind: 'abandoned', filters: {} }, sort: { column: 'age', direction: 'asc' }, offset: 0, limit: 500 });
  const count = Number(arg);
  for (let i = 0; i < count; i++) await api.addNote({ leadId: rows[i % rows.length]!.id, text: `offline edit ${i}` });
  say(`QUEUED ${services.connection?.unsent}`);
  setInterval(() => {}, 1000); // keep running, retrying, until killed
} else if (mode === 'drain') {
  if (!services.restore()) throw new Error('no session to restore');
  await idle();
  say(`DRAINED ${services.connection?.unsent}`);
  await services.close();
}
