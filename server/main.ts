// The sync server as a process: `tsx server/main.ts` (npm start runs it for you).
import { startServer } from './app';
import { createFirstAdmin } from './auth/first-admin';
import { ConfigError, loadConfig } from './config';
import { startDemoDeskWork } from './demo/demo-desk-work';
import { seedDemoHistory } from './demo/demo-history';
import { startDemoTraffic } from './demo/demo-traffic';
import { DEMO_NUMBERS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed';
import { SimulatedCarrier } from './demo/simulated-carrier';
import { seedSclHistory } from './demo/scl-history';
import { seedVoiceAgentDemo, startVoiceAgentSpikes } from './demo/voice-agent-spike';
import { DataDirError } from './store/data-dir';
import { MigrationMismatchError } from './store/migrate';
import { openDb } from './store/open-db';

// Settings, a folder or a database the server must not start with: one line saying which and what to do.
const refuse = (err: unknown): never => {
  if (err instanceof DataDirError || err instanceof MigrationMismatchError || err instanceof ConfigError) {
    console.error(`Rebound server: ${err.message}`);
    process.exit(1);
  }
  throw err;
};
const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    return refuse(err);
  }
})();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir + '/pg' }).catch(refuse);
const [{ n }] = (await db.query<{ n: unknown }>('select count(*) as n from users')) as [{ n: unknown }];
const freshDemo = Number(n) === 0 && config.demo;
if (Number(n) === 0) {
  if (config.demo) {
    // Only when asked (npm start asks): the demo people share a published password.
    await db.transaction((tx) => seedDemo(tx, { acwMinutes: config.demoAcwMinutes }));
    if (config.demoVoiceAgentSpikeMinutes > 0) await seedVoiceAgentDemo(db);
    await seedSclHistory({ db, clock: () => new Date(), config: config.server });
    console.log('Seeded the demo tenants and users, and three weeks of scored Second Chance Leads.');
  } else if (config.firstAdmin) {
    const out = await createFirstAdmin(db, config.firstAdmin);
    console.log(`Created the first admin, ${config.firstAdmin.email}.`);
    if (out.signInCode) console.log(`Sign in once with this sign-in code and choose a password (valid until ${out.codeExpiresAt!.toISOString()}): SIGN-IN-CODE ${out.signInCode}`);
  } else {
    console.log('Nobody can sign in yet: set REBOUND_ADMIN_EMAIL (and REBOUND_ADMIN_PASSWORD) and restart, or stop the server and run `npm run first-admin -- <email>`. REBOUND_DEMO=1 seeds demo data instead.');
  }
}
const server = await startServer(
  { db, clock: () => new Date(), config: config.server },
  { host: config.host, port: config.port, trustProxy: config.trustProxy },
);
const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pg`;
console.log(`Rebound sync server on ${server.url} — storage: ${storage}; telephony: ${config.server.telephonyMode}`);
if (config.demo && config.server.telephonyMode === 'simulated') {
  console.log(`Demo sign-ins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => u.email).join(', ')}`);
}
const demoCarrier = new SimulatedCarrier(server.url, config.server.twilioAuthToken);
if (freshDemo && config.server.telephonyMode === 'simulated') await seedDemoHistory(db, demoCarrier, (m) => console.log(`[demo] ${m}`));
const stillWaiting = async (sid: string) =>
  (await db.query('select 1 from calls where call_sid = $1 and queue_result is null and not answered and ended_at is null', [sid])).length > 0;
// A customer someone left a voicemail in the last half hour, who has not called since: they call back.
const voicemailCallBack = async () =>
  (
    await db.query<{ from: string; to: string; name: string | null }>(
      `select l.phone as "from", coalesce(c.name_to, $1) as "to", l.customer_name as name
         from leads l
         left join lateral (select to_e164 as name_to from calls where customer_e164 = l.phone and direction = 'inbound' order by started_at limit 1) c on true
        where l.voicemail_by is not null and l.voicemail_at > now() - interval '30 minutes'
          and not exists (select 1 from calls k where k.customer_e164 = l.phone and k.direction = 'inbound' and k.started_at > l.voicemail_at)
        order by l.voicemail_at limit 1`,
      [DEMO_NUMBERS.northRadio],
    )
  )[0] ?? null;
const stopTraffic =
  config.server.telephonyMode === 'simulated'
    ? startDemoTraffic(demoCarrier, config.demoCallsPerMinute, (m) => console.log(`[carrier] ${m}`), { stillWaiting, voicemailCallBack })
    : () => {};
// Demo CSRs keep the queues at a steady state while demo calls come in.
const stopDeskWork =
  config.demo && config.demoCallsPerMinute > 0 && config.server.telephonyMode === 'simulated'
    ? startDemoDeskWork(db, server.url, 20_000, (m) => console.log(`[demo desk] ${m}`))
    : () => {};
const stopSpikes =
  config.demo && config.server.telephonyMode === 'simulated'
    ? startVoiceAgentSpikes(new SimulatedCarrier(server.url, config.server.twilioAuthToken), config.demoVoiceAgentSpikeMinutes, (m) => console.log(`[voice agent] ${m}`))
    : () => {};
console.log(`READY ${server.url}`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping`);
  stopTraffic();
  stopDeskWork();
  stopSpikes();
  await server.close();
  await db.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
