// Electronegativity (Doyensec's scanner for Electron misconfigurations) over the shell, the
// preload and the renderer, as one tree so its global checks see the whole app. `npm test` runs
// it (tests/tooling/electronegativity.test.ts) and fails on any finding not listed in ACCEPTED
// below with the reason it is a false positive. Also: `npm run security:electron`.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');

export type Finding = { check: string; file: string; line: number; message: string };

/** Findings reviewed and accepted, by check and file (lines move), each with why it is not a hole. */
export const ACCEPTED: { check: string; file: string; why: string }[] = [
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'electron/window-security.ts',
    why: 'It cannot parse a policy built by a function call; the policy is shared/ contentSecurityPolicy(), asserted by the shell tests on every rebound:// response.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/window-security.ts',
    why: 'Only URLs that isAllowedExternal() accepts (https Twilio recording links and our docs) reach openExternal; the shell tests try the others.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/app-menu.ts',
    why: 'The Help menu opens the constant DOCS_URL, never a URL from a page.',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/shell.ts',
    why: 'Our own sandboxed preload, which exposes exactly invoke and subscribe (tests/unit/electron/preload.test.ts).',
  },
];

const electronVersion = () => (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

/** Scans the given folders (relative to `from`) as one tree and returns what Electronegativity found. */
export async function scan(folders: string[], from = root): Promise<Finding[]> {
  const tree = mkdtempSync(path.join(os.tmpdir(), 'rebound-electronegativity-'));
  try {
    for (const f of folders) cpSync(path.join(from, f), path.join(tree, f), { recursive: true });
    const out = path.join(tree, 'findings.sarif');
    // The security-fixes check downloads Electron's release list: this machine has no network,
    // and the installed Electron version is pinned in package.json anyway.
    await promisify(execFile)(
      process.execPath,
      [path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js'), '-i', tree, '-r', '-e', electronVersion(), '-x', 'AvailableSecurityFixesGlobalCheck', '-o', out, '-v', 'false'],
      { cwd: tree, env: { ...process.env, LANG: 'en-US' }, maxBuffer: 16 * 1024 * 1024 },
    );
    type Sarif = { runs: { results: { ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine?: number } } }[] }[] }[] };
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as Sarif;
    return sarif.runs.flatMap((r) =>
      r.results.map((x) => ({
        check: x.ruleId,
        file: x.locations[0]?.physicalLocation.artifactLocation.uri.replace(/^file:\/\//, '') ?? '',
        line: x.locations[0]?.physicalLocation.region?.startLine ?? 0,
        message: x.message.text,
      })),
    );
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

export const unexplained = (findings: Finding[]) => findings.filter((f) => !ACCEPTED.some((a) => a.check === f.check && a.file === f.file));

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const findings = await scan(['electron', 'preload', 'renderer']);
  const bad = unexplained(findings);
  for (const f of findings) console.log(`${bad.includes(f) ? 'FINDING ' : 'accepted'} ${f.check} ${f.file}:${f.line} ${f.message}`);
  console.log(`${bad.length} finding(s) not accepted, ${findings.length - bad.length} accepted false positive(s)`);
  process.exit(bad.length ? 1 : 0);
}
