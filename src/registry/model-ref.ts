import { invalidValue } from '../shared/index.js'

/** What a served route follows: an alias (re-resolved when aliases move) or one pinned version. */
export type ModelRef =
  | { readonly kind: 'alias'; readonly alias: string }
  | { readonly kind: 'version'; readonly version: number }

/** A model the server serves from start: `--model churn@production`. */
export interface ModelRoute {
  readonly name: string
  readonly ref: ModelRef
}

/** The alias a route follows when the command line names none. */
export const DEFAULT_ALIAS = 'production'

/**
 * Parses `name`, `name@alias` or `name@3` (a pinned version). The last `@` splits: aliases never
 * contain one. `INVALID_PARAMETER_VALUE` naming `field` for an empty name, alias or version 0.
 *
 * @example parseModelRoute('churn@3') // { name: 'churn', ref: { kind: 'version', version: 3 } }
 */
export function parseModelRoute(text: string, field = 'model'): ModelRoute {
  const at = text.lastIndexOf('@')
  const name = (at < 0 ? text : text.slice(0, at)).trim()
  const ref = at < 0 ? DEFAULT_ALIAS : text.slice(at + 1).trim()
  if (name === '') throw invalidValue(field, `'${text}' names no model (expected name or name@alias)`)
  if (ref === '') throw invalidValue(field, `'${text}' has an empty alias after '@'`)
  if (!/^\d+$/.test(ref)) return { name, ref: { kind: 'alias', alias: ref.toLowerCase() } }
  const version = Number(ref)
  if (!Number.isSafeInteger(version) || version < 1) {
    throw invalidValue(field, `'${text}': versions start at 1`)
  }
  return { name, ref: { kind: 'version', version } }
}

/** `churn@production`, `churn@3`: how a route is written on the command line and in logs. */
export function formatModelRoute(route: ModelRoute): string {
  return `${route.name}@${route.ref.kind === 'alias' ? route.ref.alias : route.ref.version}`
}
