// Bundles the renderer into dist/renderer with esbuild: app.js, app.css (the stylesheets the
// renderer imports, with the bundled font files beside it), index.html and the icon.
import { build, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// REBOUND_DIST_DIR: build somewhere else than dist/ (the packaged-bundle test builds into a scratch app).
const out = path.join(process.env['REBOUND_DIST_DIR'] ?? path.join(root, 'dist'), 'renderer');
mkdirSync(out, { recursive: true });
/**
 * Sonner inserts its stylesheet as a <style> element when it loads, which the CSP (no inline
 * styles) refuses, and it has no option to stop. The renderer imports the same stylesheet
 * (sonner/dist/styles.css, in app.css), so its insertion is left out of the bundle; the build
 * fails if a new sonner changes the code this looks for, rather than let the error come back.
 */
const noSonnerStyleTag: Plugin = {
  name: 'no-sonner-style-tag',
  setup(b) {
    b.onLoad({ filter: /[\\/]sonner[\\/]dist[\\/]index\.mjs$/ }, (args) => {
      const code = readFileSync(args.path, 'utf8');
      const insert = 'function __insertCSS(code) {';
      if (!code.includes(insert)) throw new Error(`${args.path}: no ${insert} to leave out; check how this sonner inserts its styles.`);
      return { contents: code.replace(insert, `${insert}\n  return; // Rebound: shipped in app.css (sonner/dist/styles.css)`), loader: 'js' };
    });
  },
};

await build({
  entryPoints: [path.join(root, 'renderer/main.tsx')],
  plugins: [noSonnerStyleTag],
  outfile: path.join(out, 'app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome120'],
  jsx: 'automatic',
  minify: process.env['NODE_ENV'] === 'production',
  sourcemap: true,
  define: {
    __REBOUND_VERSION__: JSON.stringify((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version),
    'process.env.NODE_ENV': JSON.stringify(process.env['NODE_ENV'] ?? 'development'),
  },
  loader: { '.woff2': 'file', '.woff': 'file' },
  assetNames: 'assets/[name]-[hash]',
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'renderer/index.html'), path.join(out, 'index.html'));
copyFileSync(path.join(root, 'renderer/favicon.svg'), path.join(out, 'favicon.svg'));
console.log(`Built the renderer into ${path.relative(root, out)}/`);
