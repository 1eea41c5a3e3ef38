export * from './chain-rule'
export * from './check-rules'
export * from './pack'
export * from './reasons'
