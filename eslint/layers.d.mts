import type { ESLint, Linter } from 'eslint'
export const layersPlugin: ESLint.Plugin
export const layerConfigs: Linter.Config[]
