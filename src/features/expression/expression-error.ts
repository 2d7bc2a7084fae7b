import { ShipyardError } from '../../shared/index.js'

/**
 * An error in an expression, pointing at the text: `INVALID_PARAMETER_VALUE` with the message
 * `expression '<source>' at <pos>: <message>` and `details` `{ expression, position, token? }`.
 * `pos` is the 0-based character offset (the source length for "end of expression").
 */
export function expressionError(source: string, pos: number, message: string, token?: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `expression '${source}' at ${pos}: ${message}`, {
    details: { expression: source, position: pos, ...(token === undefined ? {} : { token }) },
  })
}
