// The layer rules of DESIGN.md, enforced by lint: which folder may import
// what. A local rule rather than a plugin, because the rules are ours and
// short, and resolving a relative import against its file is all it takes.
import { isBuiltin } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')

/** Where a file sits, by layer. */
function layerOf(file) {
  const rel = relative(ROOT, file).split(sep).join('/')
  if (rel === 'package.json') return 'manifest'
  // Data the core ships with (default templates); bundled at build time.
  if (rel.startsWith('resources/')) return 'resources'
  if (rel.startsWith('src/shared/')) return 'shared'
  if (rel.startsWith('src/renderer/')) return 'renderer'
  if (rel.startsWith('src/preload/')) return 'preload'
  if (rel === 'src/main/index.ts' || rel.startsWith('src/main/electron/')) return 'electron-main'
  if (rel.startsWith('src/main/')) return 'main'
  return null
}

/** What a layer may import: other layers, and whether Node or Electron. */
const ALLOWED = {
  shared: { layers: ['shared'], node: false, electron: false },
  renderer: { layers: ['renderer', 'shared'], node: false, electron: false },
  preload: { layers: ['preload', 'shared'], node: false, electron: true },
  main: { layers: ['main', 'shared', 'manifest', 'resources'], node: true, electron: false },
  'electron-main': { layers: ['main', 'electron-main', 'shared'], node: true, electron: true }
}

const isElectron = (spec) => spec === 'electron' || spec.startsWith('electron/')

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer rules of DESIGN.md' },
    messages: {
      layer:
        '{{from}} may not import from {{to}} ({{spec}}); see DESIGN.md, "Layout and layer rules".',
      node: '{{from}} may not import the Node module {{spec}}.',
      electron:
        '{{from}} may not import electron; only src/main/electron/, src/main/index.ts and src/preload/ do.'
    },
    schema: []
  },
  create(context) {
    const from = layerOf(context.filename)
    if (!from) return {}
    const allowed = ALLOWED[from]
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      if (isElectron(spec)) {
        if (!allowed.electron) context.report({ node, messageId: 'electron', data: { from } })
        return
      }
      if (spec.startsWith('.')) {
        const to = layerOf(resolve(dirname(context.filename), spec))
        const ok = to === null ? false : allowed.layers.includes(to)
        if (!ok)
          context.report({
            node,
            messageId: 'layer',
            data: { from, to: to ?? 'outside src', spec }
          })
        return
      }
      if (isBuiltin(spec) && !allowed.node) {
        context.report({ node, messageId: 'node', data: { from, spec } })
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const [arg] = node.arguments
          if (arg?.type === 'Literal') check(node, arg.value)
        }
      }
    }
  }
}

/** The plugin and the config that turns it on for src/. */
export const layersPlugin = { rules: { 'allowed-imports': allowedImports } }

export const layerConfigs = [
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers: layersPlugin },
    rules: { 'layers/allowed-imports': 'error' }
  }
]
