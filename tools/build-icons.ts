// `npm run build:icons`: every icon the app and its installers use, rendered from the one
// build/icon.svg: build/icons/<N>x<N>.png (Linux, the window), build/icons/tray.png,
// build/icon.ico (Windows) and build/icon.icns (macOS). The outputs are committed (they are
// small and electron-builder reads them from build/), and a test renders them again and
// compares, so the SVG and the icons never drift apart.
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

/** The SVG rendered as a PNG of size×size pixels. */
export function renderIcon(size: number): Buffer {
  const svg = readFileSync(path.join(root, 'build/icon.svg'));
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng());
}

/** Every icon file, by path under the repository. */
export function iconFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const s of LINUX_SIZES) files.set(`build/icons/${s}x${s}.png`, renderIcon(s));
  // Tray: 32 px reads well on Linux and Windows panels (Electron scales it for the panel height).
  files.set('build/icons/tray.png', renderIcon(32));
  // ICO and ICNS carry every size they need, scaled down from one 1024 px render.
  const big = renderIcon(1024);
  const ico = png2icons.createICO(big, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(big, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not build the ICO/ICNS icons.');
  files.set('build/icon.ico', ico);
  files.set('build/icon.icns', icns);
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  mkdirSync(path.join(root, 'build/icons'), { recursive: true });
  for (const [rel, data] of iconFiles()) writeFileSync(path.join(root, rel), data);
  console.log('Built the icons from build/icon.svg into build/icons/, build/icon.ico and build/icon.icns');
}
