import { ShipyardError } from '../../shared/index.js'

/**
 * The error for a bad filter or order-by clause: `SHIPYARD_FILTER_INVALID`, with the 0-based
 * `position` of the offending token in the text the user wrote and the token itself ('' at the end
 * of the text) in `details`, e.g. `invalid filter at position 17 ('>>'): expected a comparator (...)`.
 */
export function searchSyntaxError(
  what: string,
  position: number,
  token: string,
  expected: string,
): ShipyardError {
  const where = token === '' ? '(end of text)' : `('${token}')`
  return new ShipyardError(
    'SHIPYARD_FILTER_INVALID',
    `invalid ${what} at position ${position} ${where}: ${expected}`,
    {
      details: { position, token },
    },
  )
}
