// The Unbooked and Abandoned Calls report over one million calls on PostgreSQL: the screen's
// request (page + count + campaign comparison) for a month and for a whole year, and the CSV.
import { startServer } from '../server/app';
import { simulatedVoiceCredentials } from '../server/config';
import { DEMO_PASSWORD, seedDemo } from '../server/demo/seed';
import { openDb } from '../server/store/open-db';
import { createScratchDatabase } from '../tests/support/backends';
import { medianMs, report } from './lib/report';
import { seedReportCalls } from './lib/report-seed';

const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
if (!pgUrl) {
  console.log('# Report figures skipped: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server.');
  process.exit(0);
}

const CALLS = 1_000_000;
const scratch = await createScratchDatabase(pgUrl);
const db = await openDb({ databaseUrl: scratch.url });
try {
  await db.transaction((tx) => seedDemo(tx));
  const started = performance.now();
  await seedReportCalls(db, CALLS);
  console.log(`# seeded ${CALLS.toLocaleString()} calls in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const server = await startServer(
    {
      db,
      clock: () => new Date(),
      config: { publicBaseUrl: null, twilioAuthToken: 'bench-secret-0123456789', telephonyMode: 'simulated', voice: simulatedVoiceCredentials('bench-secret-0123456789'), simulatedCallSpeed: 1, sessionHours: 1, sessionIdleMinutes: 60, claimMinutes: 5 },
    },
    { sweepMs: 3_600_000 },
  );
  const signIn = await fetch(`${server.url}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sam@rebound.example', password: DEMO_PASSWORD }) });
  const { token } = (await signIn.json()) as { token: string };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res;
  };

  for (const preset of ['last_month', 'this_year'] as const) {
    let total = 0;
    const ms = await medianMs(async () => {
      const r = (await (await post('/api/reports/unbooked-abandoned', { preset, limit: 100 })).json()) as { total: number };
      total = r.total;
    }, 7, 2);
    console.log(`# ${preset}: ${total.toLocaleString()} report calls in range`);
    report(`report_${preset}_over_1M_calls_postgres`, ms, 'ms', '<', 1000);
  }
  const sorted = await medianMs(() => post('/api/reports/unbooked-abandoned', { preset: 'this_year', sort: { column: 'customer', direction: 'asc' }, offset: 5000, limit: 100 }), 5, 1);
  report('report_this_year_sorted_by_customer_page_50_postgres', sorted, 'ms', '<', 1000);

  const csvStart = performance.now();
  const csv = await (await post('/api/reports/unbooked-abandoned/csv', { preset: 'last_month' })).text();
  const csvRows = csv.split('\n').length - 2;
  const csvSeconds = (performance.now() - csvStart) / 1000;
  report('report_csv_export_rows_per_second_postgres', Math.round(csvRows / csvSeconds), 'rows/s', '>=', 20_000);
  await server.close();
} finally {
  await db.close();
  await scratch.drop();
}
