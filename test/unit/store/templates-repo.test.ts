import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import { LocalStore } from '../../../src/main/store/local-store'
import { templateHash } from '../../../src/shared/templates'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'

const open = () => LocalStore.open(join(tempDir(), 'local.db'))

describe('TemplatesRepo', () => {
  it('keeps every published version and answers the latest of each template', () => {
    const store = open()
    const [vitals, assessment] = defaultTemplates()
    if (!vitals || !assessment) throw new Error('default templates missing')
    store.templates.add(vitals, 'admin')
    store.templates.add(assessment, 'admin')
    const v2 = { ...vitals, version: 2, title: 'Vital signs (2)' }
    store.templates.add(v2, 'admin')

    expect(store.templates.all().map((t) => [t.definition.id, t.definition.version])).toEqual([
      [vitals.id, 1],
      [vitals.id, 2],
      [assessment.id, 1]
    ])
    expect(store.templates.latest().map((t) => t.definition.title)).toEqual([
      'Vital signs (2)',
      assessment.title
    ])
    // The older version is still there, unchanged, for the records signed under it.
    expect(store.templates.get(vitals.id, 1).definition).toEqual(vitals)
    expect(store.templates.get(vitals.id, 2).hash).toBe(templateHash(v2))
    store.close()
  })

  it('refuses a version that is not newer, and a name taken by another template', () => {
    const store = open()
    const [vitals, assessment] = defaultTemplates()
    if (!vitals || !assessment) throw new Error('default templates missing')
    store.templates.add({ ...vitals, version: 3 }, 'admin')
    expect(thrown(() => store.templates.add({ ...vitals, version: 2 }, 'admin'))).toMatchObject({
      code: 'CONFLICT',
      message: `template ${vitals.id} is at version 3; a new version must be higher`
    })
    expect(
      thrown(() => store.templates.add({ ...assessment, slug: vitals.slug }, 'admin'))
    ).toMatchObject({
      code: 'CONFLICT',
      message: `the name ${vitals.slug} belongs to template ${vitals.id}`
    })
    expect(store.templates.find(assessment.id, 1)).toBeUndefined()
    store.close()
  })
})
