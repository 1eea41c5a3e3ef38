import { Button, Menu } from '@mantine/core'
import { useEffect } from 'react'
import { useStore } from '../../state/store'
import { authorableTemplates } from './record-actions'

/** Hook: the templates this user may author, read once per login. */
export function useAuthorableTemplates() {
  const list = useStore((s) => s.templateList)
  const role = useStore((s) => s.session?.user?.role)
  const loadTemplateList = useStore((s) => s.loadTemplateList)
  const locked = useStore((s) => s.session?.locked ?? false)
  useEffect(() => {
    if (list === null && !locked) void loadTemplateList()
  }, [list, locked, loadTemplateList])
  return authorableTemplates(list, role)
}

/**
 * "New record": the templates this user's role may author (an admin or an
 * auditor, who author none, sees no button), each opening its entry form.
 */
export function NewRecordMenu({ patientId }: { patientId: string }) {
  const templates = useAuthorableTemplates()
  const navigate = useStore((s) => s.navigate)
  if (templates.length === 0) return null
  return (
    // No focus placeholder: inside role="menu" only menu items may be (axe: aria-required-children).
    <Menu position="bottom-end" withinPortal withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button>New record</Button>
      </Menu.Target>
      <Menu.Dropdown>
        {templates.map((template) => (
          <Menu.Item
            key={template.slug}
            onClick={() => navigate({ name: 'new-record', patientId, template: template.slug })}
          >
            {template.title}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
