// Enforces the import table of ARCHITECTURE.md: each top-level folder may import only the
// folders and packages listed for it. It resolves relative paths, so "../../main/x" is caught
// wherever it is written from.
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const NODE = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const NATIVE = ['better-sqlite3'];

/** folder -> which of our folders it may import, and which packages it must not. */
export const LAYERS = {
  shared: { folders: [], packages: ['electron', ...NATIVE], node: false },
  server: { folders: ['shared'], packages: ['electron', ...NATIVE], node: true },
  main: { folders: ['shared'], packages: ['electron'], node: true },
  electron: { folders: ['main', 'shared'], packages: [], node: true },
  preload: { folders: ['shared'], packages: [...NATIVE], node: false },
  renderer: { folders: ['shared'], packages: ['electron', ...NATIVE], node: false },
};
const OURS = new Set([...Object.keys(LAYERS), 'tests', 'bench', 'tools', 'build']);

/*
 * Inside server/, floors from the edge inward; a file imports only its own floor and those below.
 * A file's floor is the first entry whose path (a file or a folder, relative to server/) it is or
 * lies in; anything not listed is domain. The simulator plays Twilio's part from its own room:
 * the product path never imports it, except the composition root that starts it and type-only
 * imports at the edge (the simulated-call routes hand calls to it).
 */
export const SERVER_FLOORS = [
  ['simulator', ['demo/', 'phone-numbers/simulated-inventory.ts']],
  ['edge', ['app.ts', 'main.ts', 'error-handler.ts', 'api/', 'sync/poke-hub.ts']],
  ['changes', ['changes/']],
  ['store', ['store/', 'context.ts', 'config.ts']],
];
const FLOOR_RANK = { store: 0, changes: 1, domain: 2, edge: 3 };
const COMPOSITION_ROOT = ['app.ts', 'main.ts'];

export function serverFloorOf(rel) {
  for (const [floor, paths] of SERVER_FLOORS) {
    if (paths.some((p) => (p.endsWith('/') ? rel.startsWith(p) : rel === p))) return floor;
  }
  return 'domain';
}

function serverRel(file) {
  const rel = path.relative(path.join(ROOT, 'server'), file).split(path.sep).join('/');
  return rel.startsWith('..') ? null : rel;
}

function checkFloors(context, node, source) {
  const fromRel = serverRel(context.filename);
  if (!fromRel || !source.startsWith('.')) return;
  const resolved = path.resolve(path.dirname(context.filename), source);
  const toRel = serverRel(resolved.endsWith('.ts') ? resolved : `${resolved}.ts`);
  if (!toRel) return;
  const from = serverFloorOf(fromRel);
  const to = serverFloorOf(toRel);
  if (to === 'simulator') {
    const typeOnly = node.importKind === 'type' || node.exportKind === 'type';
    if (from !== 'simulator' && !COMPOSITION_ROOT.includes(fromRel) && !(from === 'edge' && typeOnly)) {
      context.report({ node, messageId: 'simulator', data: { from: fromRel, to: toRel } });
    }
    return;
  }
  if (from === 'simulator') return;
  if (FLOOR_RANK[to] > FLOOR_RANK[from]) context.report({ node, messageId: 'floor', data: { from: fromRel, fromFloor: from, to: toRel, toFloor: to } });
}

function layerOf(file) {
  const rel = path.relative(ROOT, file);
  if (rel.startsWith('..')) return null;
  return rel.split(path.sep)[0] ?? null;
}

function packageName(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function check(context, node, source) {
  if (typeof source !== 'string') return;
  const from = layerOf(context.filename);
  const rules = LAYERS[from];
  if (!rules) return;
  if (source.startsWith('.')) {
    if (from === 'server') checkFloors(context, node, source);
    const target = layerOf(path.resolve(path.dirname(context.filename), source));
    if (target && target !== from && OURS.has(target) && !rules.folders.includes(target)) {
      context.report({ node, messageId: 'folder', data: { from, target } });
    }
    return;
  }
  // preload only needs electron's contextBridge/ipcRenderer, which run in the sandbox.
  if (NODE.has(source) && !rules.node) {
    context.report({ node, messageId: 'package', data: { from, pkg: source } });
    return;
  }
  const pkg = packageName(source);
  if (rules.packages.includes(pkg)) {
    context.report({ node, messageId: 'package', data: { from, pkg } });
  }
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep each folder to the imports ARCHITECTURE.md allows it.' },
    messages: {
      folder: '{{from}}/ may not import from {{target}}/ (see ARCHITECTURE.md, "who may import whom").',
      package: '{{from}}/ may not import "{{pkg}}" (see ARCHITECTURE.md, "who may import whom").',
      floor: 'server/{{from}} ({{fromFloor}}) may not import server/{{to}} ({{toFloor}}): server files import only their own floor and those below (edge -> domain -> changes -> store; see README, "The server\'s floors").',
      simulator: 'server/{{from}} may not import the simulator (server/{{to}}): it plays Twilio\'s part from its own room, started by the composition root only.',
    },
    schema: [],
  },
  create(context) {
    const fromSource = (node) => node.source && check(context, node, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => check(context, node, node.source.value),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(context, node, node.arguments[0]?.value);
        }
      },
    };
  },
};
