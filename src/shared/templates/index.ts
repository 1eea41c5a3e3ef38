export * from './chain-template'
export * from './role-codes'
export * from './template-hash'
export * from './template-schema'
