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
