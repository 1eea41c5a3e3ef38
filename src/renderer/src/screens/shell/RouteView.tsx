import { Alert } from '@mantine/core'
import type { Role } from '../../../../shared/roles'
import { canOpen } from '../../state/navigation-slice'
import { useStore } from '../../state/store'
import { AdminScreen } from '../admin/AdminScreen'
import { AuditScreen } from '../audit/AuditScreen'
import { EntryScreen } from '../entry/EntryScreen'
import { PatientScreen } from '../patient/PatientScreen'
import { PatientsScreen } from '../patients/PatientsScreen'
import { RegisterPatientScreen } from '../patients/RegisterPatientScreen'

/** The screen for the current route, if the role may open it. */
export function RouteView({ role }: { role: Role }) {
  const route = useStore((s) => s.route)
  if (!canOpen(role, route)) {
    return (
      <Alert color="red" title="Not available to your role" role="alert">
        This screen is not available to a {role}.
      </Alert>
    )
  }
  switch (route.name) {
    case 'patients':
      return <PatientsScreen />
    case 'register-patient':
      return <RegisterPatientScreen />
    case 'patient':
      return <PatientScreen key={route.patientId} patientId={route.patientId} />
    case 'new-record':
      return (
        <EntryScreen
          key={`${route.patientId} ${route.template ?? ''} ${route.supersedes ?? ''}`}
          patientId={route.patientId}
          template={route.template}
          supersedes={route.supersedes}
        />
      )
    case 'admin':
      return <AdminScreen section={route.section} />
    case 'audit':
      return <AuditScreen />
  }
}
