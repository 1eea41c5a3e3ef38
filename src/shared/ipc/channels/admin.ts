import { z } from 'zod'
import { channel } from '../channel'
import {
  Empty,
  TemplateDetail,
  TemplateGetRequest,
  TemplatePublishRequest,
  TemplatesListRequest,
  TemplateSummary,
  UserChange,
  UserCreateRequest,
  UsernameRequest,
  UserResetPasswordRequest,
  UserRow
} from '../schemas'

/** Templates (TTM) and users: what the admin manages. */
export const ADMIN_CHANNELS = {
  'templates:list': channel({
    summary: 'The latest version of each template (or every version).',
    access: 'user',
    request: TemplatesListRequest,
    response: z.array(TemplateSummary)
  }),
  'templates:get': channel({
    summary: 'One template version with its definition: attributes, units, on-chain rules, roles.',
    access: 'user',
    request: TemplateGetRequest,
    response: TemplateDetail
  }),
  'templates:publish': channel({
    summary:
      'Publish a template or a new version of one on the ledger (admins; same as `mediblock template publish`).',
    access: ['admin'],
    request: TemplatePublishRequest,
    response: TemplateSummary
  }),
  'users:list': channel({
    summary: 'Every user of the clinic, with role, address and ledger registration.',
    access: ['admin'],
    request: Empty,
    response: z.array(UserRow)
  }),
  'users:create': channel({
    summary:
      'Add a user; a clinician is registered on the ledger too (or a notice says what is left to do).',
    access: ['admin'],
    request: UserCreateRequest,
    response: UserChange
  }),
  'users:disable': channel({
    summary:
      'Disable a user: no more logins, open sessions end; a clinician is revoked on the ledger.',
    access: ['admin'],
    request: UsernameRequest,
    response: UserChange
  }),
  'users:enable': channel({
    summary: 'Enable a disabled user again; a clinician is registered on the ledger again.',
    access: ['admin'],
    request: UsernameRequest,
    response: UserChange
  }),
  'users:reset-password': channel({
    summary:
      'A user who forgot their password gets a new key under a new password (only before they have signed records: see docs/IPC.md).',
    access: ['admin'],
    request: UserResetPasswordRequest,
    response: UserChange
  }),
  'users:register': channel({
    summary:
      'Register a clinician on the ledger when `users:create` could not (node down, ledger administered elsewhere).',
    access: ['admin'],
    request: UsernameRequest,
    response: UserChange
  })
} as const
