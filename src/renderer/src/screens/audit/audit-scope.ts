import dayjs from 'dayjs'
import { z } from 'zod'
import type { AuditScopeChoice } from '../../state/audit-slice'

/**
 * The audit form: what to check (the whole clinic, one patient, or records
 * since a day) and the report's format. Checked here before the core checks
 * the request again.
 */
export const AuditScopeForm = z
  .object({
    scope: z.enum(['all', 'patient', 'since']),
    patientId: z.string(),
    since: z.string(),
    format: z.enum(['html', 'csv', 'json'])
  })
  .superRefine((form, ctx) => {
    if (form.scope === 'patient' && !form.patientId) {
      ctx.addIssue({ code: 'custom', path: ['patientId'], message: 'Choose a patient.' })
    }
    if (form.scope === 'since') {
      const day = dayjs(form.since, 'YYYY-MM-DD')
      if (!form.since || !day.isValid()) {
        ctx.addIssue({ code: 'custom', path: ['since'], message: 'Choose a day.' })
      } else if (day.isAfter(dayjs(), 'day')) {
        ctx.addIssue({ code: 'custom', path: ['since'], message: 'A day not in the future.' })
      }
    }
  })
export type AuditScopeFormValues = z.infer<typeof AuditScopeForm>

export const EMPTY_SCOPE: AuditScopeFormValues = {
  scope: 'all',
  patientId: '',
  since: '',
  format: 'html'
}

/** The request's scope: a day means from its start, this workstation's midnight. */
export function scopeOf(form: AuditScopeFormValues): AuditScopeChoice {
  if (form.scope === 'patient') return { patient: form.patientId }
  if (form.scope === 'since') return { since: dayjs(form.since).startOf('day').toISOString() }
  return {}
}

/** A scope in words, for the progress line and the result's heading. */
export function scopeWords(scope: AuditScopeChoice, patientName?: string): string {
  if (scope.patient) return `the records of ${patientName ?? 'one patient'}`
  if (scope.since) return `records since ${dayjs(scope.since).format('D MMM YYYY')}`
  return 'the whole clinic'
}
