// The sync server as a process: `tsx server/main.ts` (npm start runs it for you).
import { startServer } from './app';
import { loadConfig } from './config';
import { startDemoTraffic } from './demo/demo-traffic';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed';
import { SimulatedCarrier } from './demo/simulated-carrier';
import { openDb } from './store/open-db';

const config = loadConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir + '/pg' });
const [{ n }] = (await db.query<{ n: unknown }>('select count(*) as n from accounts')) as [{ n: unknown }];
if (Number(n) === 0) {
  await db.transaction((tx) => seedDemo(tx, { acwMinutes: config.demoAcwMinutes }));
  console.log('Seeded the demo tenants and users.');
}
const server = await startServer(
  { db, clock: () => new Date(), config: config.server },
  { host: config.host, port: config.port, trustProxy: config.trustProxy },
);
const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pg`;
console.log(`Rebound sync server on ${server.url} — storage: ${storage}; telephony: ${config.server.telephonyMode}`);
if (config.server.telephonyMode === 'simulated') {
  console.log(`Demo sign-ins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
}
const stopTraffic =
  config.server.telephonyMode === 'simulated'
    ? startDemoTraffic(new SimulatedCarrier(server.url, config.server.twilioAuthToken), config.demoCallsPerMinute, (m) => console.log(`[carrier] ${m}`))
    : () => {};
console.log(`READY ${server.url}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  stopTraffic();
  await server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
