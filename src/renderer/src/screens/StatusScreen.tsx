import { Alert, Center, Container, Loader } from '@mantine/core'

/** Full-window states before the app can show anything useful. */
export function LoadingScreen() {
  return (
    <Center h="100vh" aria-busy="true">
      <Loader aria-label="Starting MediBlock" />
    </Center>
  )
}

export function MessageScreen({
  title,
  message,
  color
}: {
  title: string
  message: string
  color: string
}) {
  return (
    <Container size="sm" py="xl">
      <Alert title={title} color={color} role="alert">
        {message}
      </Alert>
    </Container>
  )
}
