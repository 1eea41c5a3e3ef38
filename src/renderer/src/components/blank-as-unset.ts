import type { FieldValues, Resolver } from 'react-hook-form'

/**
 * Form inputs hold `''` for a field left empty; the contract's schemas say
 * "left out" with `undefined`. This hands the schema's resolver the values
 * with blank strings dropped, so optional fields validate as the core will.
 */
export function blankAsUnset<Input extends FieldValues, Context, Output>(
  resolver: Resolver<Input, Context, Output>
): Resolver<Input, Context, Output> {
  return (values, context, options) => {
    const cleaned = Object.fromEntries(
      Object.entries(values).filter(
        ([, value]) => !(typeof value === 'string' && value.trim() === '')
      )
    ) as Input
    return resolver(cleaned, context, options)
  }
}
