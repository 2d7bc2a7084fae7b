import { closestMatch, invalidValue } from '../../shared/index.js'

/** How one user-facing parameter is read and checked. Bounds are inclusive unless `above` is used. */
export type ParamRule =
  | { readonly kind: 'int'; readonly min: number; readonly max?: number; readonly doc: string }
  | {
      readonly kind: 'number'
      readonly min?: number
      /** Strict lower bound (the value must be greater). */
      readonly above?: number
      readonly max?: number
      readonly doc: string
    }
  | { readonly kind: 'boolean'; readonly doc: string }
  | { readonly kind: 'choice'; readonly choices: readonly string[]; readonly doc: string }

/** The parameters a model takes, by the snake_case name users write (`num_leaves`), with the field each sets. */
export type ParamTable<P> = Readonly<Record<string, ParamRule & { readonly field: keyof P & string }>>

/**
 * Reads user parameters over `defaults`. Keys may be snake_case (`learning_rate`, as on the command line
 * and in LightGBM) or the field's camelCase (`learningRate`, as in the SDK); values may be strings
 * (`--param num_leaves=63`) or already typed (a config file). Anything else is `INVALID_PARAMETER_VALUE`
 * naming the parameter: an unknown name lists the valid ones and the closest match, a bad value says
 * what range or choices are allowed.
 *
 * @example parseParams(GBDT_PARAMS, GBDT_DEFAULTS, { num_leaves: '63' }, 'gbdt').numLeaves // 63
 */
export function parseParams<P extends object>(
  table: ParamTable<P>,
  defaults: P,
  given: Readonly<Record<string, unknown>>,
  model: string,
): P {
  const byField = new Map(Object.entries(table).map(([name, rule]) => [rule.field as string, name]))
  const result: Record<string, unknown> = { ...(defaults as Record<string, unknown>) }
  for (const [key, raw] of Object.entries(given)) {
    const name = Object.hasOwn(table, key) ? key : byField.get(key)
    if (name === undefined) throw unknownParam(key, Object.keys(table), model)
    const rule = table[name]!
    result[rule.field] = readValue(name, rule, raw)
  }
  return result as P
}

/** Renders a table as `name: doc` lines, for help texts and documentation. */
export function describeParams<P>(table: ParamTable<P>): string[] {
  return Object.entries(table).map(([name, rule]) => `${name}: ${rule.doc}`)
}

function unknownParam(key: string, names: readonly string[], model: string) {
  const guess = closestMatch(key, names)
  const hint = guess === undefined ? '' : ` (did you mean '${guess}'?)`
  return invalidValue(
    `params.${key}`,
    `'${key}' is not a ${model} parameter${hint}; the parameters are ${names.join(', ')}`,
  )
}

function readValue(name: string, rule: ParamRule, raw: unknown): number | string | boolean {
  const field = `params.${name}`
  switch (rule.kind) {
    case 'boolean': {
      if (typeof raw === 'boolean') return raw
      if (raw === 'true' || raw === 'false') return raw === 'true'
      throw invalidValue(field, `must be true or false, got ${show(raw)}`)
    }
    case 'choice': {
      if (typeof raw === 'string' && rule.choices.includes(raw)) return raw
      throw invalidValue(
        field,
        `must be one of ${rule.choices.map((c) => `'${c}'`).join(', ')}, got ${show(raw)}`,
      )
    }
    case 'int':
    case 'number': {
      const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidValue(field, `must be a finite number, got ${show(raw)}`)
      }
      if (rule.kind === 'int' && !Number.isInteger(value)) {
        throw invalidValue(field, `must be an integer, got ${show(raw)}`)
      }
      const above = rule.kind === 'number' ? rule.above : undefined
      const outside =
        (rule.min !== undefined && value < rule.min) ||
        (above !== undefined && value <= above) ||
        (rule.max !== undefined && value > rule.max)
      if (outside)
        throw invalidValue(field, `must be ${rangeText(rule.min, above, rule.max)}, got ${show(raw)}`)
      return value
    }
  }
}

function rangeText(min: number | undefined, above: number | undefined, max: number | undefined): string {
  const low = above !== undefined ? `> ${above}` : min !== undefined ? `>= ${min}` : ''
  const high = max !== undefined ? `<= ${max}` : ''
  return [low, high].filter((s) => s !== '').join(' and ')
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value))
}
