import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'

/** The renderer's state: one slice per feature, combined here. */
export type Store = AppSlice

export const useStore = create<Store>()((...args) => ({
  ...createAppSlice(...args)
}))
