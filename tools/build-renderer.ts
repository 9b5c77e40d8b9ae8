// Bundles the renderer into dist/renderer with esbuild: app.js, app.css (the stylesheets the
// renderer imports, with the bundled font files beside it), index.html and the icon.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// REBOUND_DIST_DIR: build somewhere else than dist/ (the packaged-bundle test builds into a scratch app).
const out = path.join(process.env['REBOUND_DIST_DIR'] ?? path.join(root, 'dist'), 'renderer');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(root, 'renderer/main.tsx')],
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
