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

  describe('server floors: edge -> domain -> changes -> store, the simulator in its own room', () => {
    it('fails a server file that imports upward across the floors', async () => {
      expect(await layeringErrors('server/store/x.ts', "import { recordChange } from '../changes/change-log';\nexport const y = recordChange;\n")).toEqual([
        'server/store/x.ts (store) may not import server/changes/change-log.ts (changes): server files import only their own floor and those below (edge -> domain -> changes -> store; see README, "The server\'s floors").',
      ]);
      expect(await layeringErrors('server/changes/x.ts', "import { loadLead } from '../recovery/lead-repo';\nexport const y = loadLead;\n")).toHaveLength(1);
      expect(await layeringErrors('server/recovery/x.ts', "import { apiRoutes } from '../api/routes';\nexport const y = apiRoutes;\n")).toHaveLength(1);
      expect(await layeringErrors('server/context.ts', "export { PokeHub } from './sync/poke-hub';\n")).toHaveLength(1);
    });

    it('keeps the simulator out of the product path', async () => {
      expect(await layeringErrors('server/telephony/x.ts', "import { SimulatedCarrier } from '../demo/simulated-carrier';\nexport const y = SimulatedCarrier;\n")).toHaveLength(1);
      expect(await layeringErrors('server/api/x.ts', "import { SimulatedPhone } from '../demo/simulated-phone';\nexport const y = SimulatedPhone;\n")).toHaveLength(1);
      // The composition root starts it; the edge may name its type.
      expect(await layeringErrors('server/app.ts', "import { SimulatedPhone } from './demo/simulated-phone';\nexport const y = SimulatedPhone;\n")).toEqual([]);
      expect(await layeringErrors('server/api/x.ts', "import type { SimulatedPhone } from '../demo/simulated-phone';\nexport type Y = SimulatedPhone;\n")).toEqual([]);
    });

    it('lets each floor import its own and the ones below', async () => {
      expect(await layeringErrors('server/api/x.ts', "export * from '../recovery/lead-repo';\nexport * from '../changes/change-log';\nexport * from '../store/db';\n")).toEqual([]);
      expect(await layeringErrors('server/recovery/x.ts', "export * from '../changes/change-log';\nexport * from '../telephony/twiml';\n")).toEqual([]);
      expect(await layeringErrors('server/demo/x.ts', "export * from '../api/routes';\n")).toEqual([]);
    });
  });
});
