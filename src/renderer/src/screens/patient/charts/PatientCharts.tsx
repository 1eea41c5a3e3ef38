/** Vital-sign charts and the lab table for one patient. */
export function PatientCharts({ patientId }: { patientId: string }) {
  return <div data-testid="patient-charts" data-patient={patientId} />
}
