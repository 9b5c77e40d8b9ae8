import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'rebound/layering').map((m) => m.message);
}

describe('import boundaries (ARCHITECTURE.md)', () => {
  it('fails a renderer file that imports from main/', async () => {
    expect(await layeringErrors('renderer/screens/x.ts', "import { openCache } from '../../main/cache';\nexport const y = openCache;\n")).toEqual([
      'renderer/ may not import from main/ (see ARCHITECTURE.md, "who may import whom").',
    ]);
  });

  it('fails main/ reaching into server/, and shared/ reaching anywhere', async () => {
    expect(await layeringErrors('main/sync/x.ts', "export * from '../../server/store';\n")).toHaveLength(1);
    expect(await layeringErrors('shared/x.ts', "export { a } from '../main/a';\n")).toHaveLength(1);
    expect(await layeringErrors('main/x.ts', "const m = await import('../renderer/app');\nexport default m;\n")).toHaveLength(1);
  });

  it('fails packages a layer must not load', async () => {
    expect(await layeringErrors('renderer/x.ts', "import fs from 'node:fs';\nexport default fs;\n")).toHaveLength(1);
    expect(await layeringErrors('main/x.ts', "import { app } from 'electron';\nexport default app;\n")).toHaveLength(1);
    expect(await layeringErrors('shared/x.ts', "import Database from 'better-sqlite3';\nexport default Database;\n")).toHaveLength(1);
  });

  it('lets each layer import what the table allows', async () => {
    expect(await layeringErrors('renderer/x.ts', "export * from '../shared';\nexport { z } from 'zod';\n")).toEqual([]);
    expect(await layeringErrors('electron/x.ts', "export * from '../main/cache';\nexport * from '../shared';\nexport { app } from 'electron';\n")).toEqual([]);
    expect(await layeringErrors('tests/x.ts', "export * from '../main/cache';\nexport * from '../server/store';\n")).toEqual([]);
  });
});
