import { channel } from '../channel'
import {
  ChangePasswordRequest,
  ClinicSettings,
  Empty,
  LoginRequest,
  SessionState,
  SettingsPatch,
  UnlockRequest,
  UserChoice
} from '../schemas'
import { z } from 'zod'

/** Login, lock and the clinic settings every screen needs. */
export const SESSION_CHANNELS = {
  'session:get': channel({
    summary: 'Who is logged in on this session, and whether it is locked.',
    access: 'public',
    request: Empty,
    response: SessionState
  }),
  'session:users': channel({
    summary: "The login screen's pick list: enabled users' usernames, names and roles.",
    access: 'public',
    request: Empty,
    response: z.array(UserChoice)
  }),
  'session:login': channel({
    summary:
      "Log in: unlocks the user's key for this session. WRONG_PASSWORD for a wrong username or password (counted and audited), RATE_LIMITED after repeated failures.",
    access: 'public',
    request: LoginRequest,
    response: SessionState
  }),
  'session:logout': channel({
    summary: "Log out: the session forgets the user's key. Allowed while locked.",
    access: 'public',
    request: Empty,
    response: SessionState
  }),
  'session:lock': channel({
    summary:
      "Lock the session: the key stays unlocked in the core (background work goes on), every channel but the lock screen's answers LOCKED.",
    access: 'user',
    request: Empty,
    response: SessionState
  }),
  'session:unlock': channel({
    summary:
      "Unlock with the same user's password: WRONG_PASSWORD (counted and audited) otherwise.",
    access: 'user',
    whileLocked: true,
    request: UnlockRequest,
    response: SessionState
  }),
  'session:activity': channel({
    summary:
      "The user is active (input seen): resets the core's idle timer. Send it at most every 30 s while there is input; the core locks a session silent for autoLockMinutes.",
    access: 'user',
    request: Empty,
    response: SessionState
  }),
  'session:change-password': channel({
    summary:
      "Change one's own password (same key, re-encrypted); WRONG_PASSWORD when the current one is wrong.",
    access: 'user',
    request: ChangePasswordRequest,
    response: SessionState
  }),
  'settings:get': channel({
    summary: 'The clinic settings the screens need (autoLockMinutes).',
    access: 'user',
    whileLocked: true,
    request: Empty,
    response: ClinicSettings
  }),
  'settings:set': channel({
    summary: 'Change clinic settings (admins); audited.',
    access: ['admin'],
    request: SettingsPatch,
    response: ClinicSettings
  })
} as const
