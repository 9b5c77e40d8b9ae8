import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json',
  '.wav': 'audio/wav',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** Reads a file of the built renderer by its decoded path; anything outside the folder or unknown is a 404. */
export async function readStatic(root: string, clean: string): Promise<{ type: string; body: Buffer } | null> {
  const rel = clean === '/' ? 'index.html' : clean.replace(/^\/+/, '');
  const file = path.resolve(root, rel);
  if (!file.startsWith(path.resolve(root) + path.sep)) return null;
  const type = TYPES[path.extname(file)];
  if (!type) return null;
  try {
    return { type, body: await readFile(file) };
  } catch {
    return null;
  }
}
