// One-time command for a new production database: `npm run first-admin -- <email> [name]`.
// Prints a sign-in code, once, with which that person signs in and chooses a password.
import { createFirstAdmin, FirstAdminRefusal } from './auth/first-admin';
import { loadConfig } from './config';
import { DataDirError } from './store/data-dir';
import { openDb } from './store/open-db';

const [email, ...name] = process.argv.slice(2);
if (!email) {
  console.error('Usage: npm run first-admin -- <email> [name]');
  process.exit(2);
}
const config = loadConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir + '/pg' }).catch((err: unknown) => {
  if (err instanceof DataDirError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
});
try {
  const out = await createFirstAdmin(db, { email, name: name.join(' ') || undefined });
  console.log(`First admin ${email} created. Sign in once with this code as the sign-in code and choose a password (valid until ${out.codeExpiresAt!.toISOString()}):`);
  console.log(`SIGN-IN-CODE ${out.signInCode}`);
} catch (err) {
  if (!(err instanceof FirstAdminRefusal)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await db.close();
}
