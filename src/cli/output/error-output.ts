import { ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'

/** Exit code for a mistake the user can fix (bad id, bad filter, bad configuration) and for other failures. */
export const EXIT_FAILURE = 1
/** Exit code for a command line that does not parse (unknown command or option, missing argument). */
export const EXIT_USAGE = 2

// The text an error points into (a filter the user typed), kept beside the error rather than on it.
const sources = new WeakMap<object, string>()

/**
 * Remembers the text that `error` points into, so that `reportError` can underline the offending
 * token: errors whose `details` carry a 0-based `position` and the `token` found there (as the
 * search parser's do). Returns the same error, for `throw annotateError(error, filter)`.
 */
export function annotateError<E>(error: E, source: string): E {
  if (typeof error === 'object' && error !== null) sources.set(error, source)
  return error
}

/**
 * Prints `error` to stderr and returns the exit code (always `EXIT_FAILURE`). Shape:
 * - a `ShipyardError`: `error: <message>`, then the annotated source with the token underlined;
 * - anything else: `error: <message>`, and the stack when `SHIPYARD_DEBUG=1`;
 * - with `json`: one line `{"error":{"code","message","details"}}` instead, still on stderr, so that
 *   stdout holds only results.
 */
export function reportError(error: unknown, io: CliIo, options: { readonly json: boolean }): number {
  const debug = io.env.SHIPYARD_DEBUG === '1'
  const shipyard = error instanceof ShipyardError ? error : null
  const message = error instanceof Error ? error.message : String(error)
  if (options.json) {
    const body = {
      code: shipyard?.code ?? 'INTERNAL_ERROR',
      message,
      ...(shipyard && Object.keys(shipyard.details).length > 0 ? { details: shipyard.details } : {}),
    }
    io.stderr.write(`${JSON.stringify({ error: body })}\n`)
  } else {
    io.stderr.write(`error: ${message}\n`)
    const source = typeof error === 'object' && error !== null ? sources.get(error) : undefined
    if (shipyard && source !== undefined) io.stderr.write(underline(source, shipyard.details))
  }
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
  return EXIT_FAILURE
}

/**
 * The source text with a caret line under `details.token` at `details.position`; nothing when the
 * details do not point into this text (e.g. the error is about another argument).
 */
export function underline(source: string, details: Readonly<Record<string, unknown>>): string {
  const { position, token } = details
  if (typeof position !== 'number' || typeof token !== 'string') return ''
  if (position < 0 || position > source.length || source.slice(position, position + token.length) !== token)
    return ''
  const width = Math.max(1, token.length)
  return `  ${source}\n  ${' '.repeat(position)}${'^'.repeat(width)}\n`
}
