import type { StateCreator } from 'zustand'
import type { Store } from './store'

/** The charts screens' state. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ChartsSlice {}

export const createChartsSlice: StateCreator<Store, [], [], ChartsSlice> = () => ({})
