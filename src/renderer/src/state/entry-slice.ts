import type { StateCreator } from 'zustand'
import type { Store } from './store'

/** The entry screens' state. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EntrySlice {}

export const createEntrySlice: StateCreator<Store, [], [], EntrySlice> = () => ({})
