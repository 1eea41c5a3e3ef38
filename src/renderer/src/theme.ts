import {
  createTheme,
  darken,
  DEFAULT_THEME,
  luminance,
  type MantineColorsTuple
} from '@mantine/core'

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * Mantine's default palette puts white text on shade 6 and shade-9 text on
 * shade 1 ("light" variants); for teal, green, orange, yellow and even gray
 * (dimmed text) those pairs miss WCAG AA's 4.5:1. Shades 6 to 9 are darkened
 * just enough that filled buttons, coloured text and light badges pass, and
 * the rest of the palette is kept.
 */
export function accessibleTuple(tuple: MantineColorsTuple): MantineColorsTuple {
  const targets: Record<number, number> = { 6: 5.1, 7: 5.8, 8: 6.6, 9: 7.5 }
  return tuple.map((shade, index) => {
    const target = targets[index]
    if (target === undefined) return shade
    let color = shade
    for (let step = 0; step < 40 && contrast(color, '#ffffff') < target; step++) {
      color = darken(color, 0.04)
    }
    return color
  }) as unknown as MantineColorsTuple
}

const colors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([name, tuple]) => [name, accessibleTuple(tuple)])
)

/** The app's theme: teal, rounded, and every colour pair readable. */
export const theme = createTheme({
  primaryColor: 'teal',
  defaultRadius: 'md',
  colors,
  // Text on filled elements turns dark where the background is light.
  autoContrast: true,
  components: {
    // Icon-only close buttons get a name screen readers can say.
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    CloseButton: { defaultProps: { 'aria-label': 'Close' } }
  }
})
