import { invalidValue, type ShipyardError } from '../shared/index.js'

/**
 * Reads and validates the fields of one JSON object (a step spec), so that every message names its
 * place: `steps[2].columns: must be a non-empty array of column names, got 3` (path `''` for the top level). Each accessor throws
 * `INVALID_PARAMETER_VALUE` on the first bad field; `finish()` rejects fields no accessor asked for
 * (a typo such as `colums` is an error, not a silently ignored option).
 *
 * @example
 * const r = new SpecReader('steps[0]', json)
 * const spec = { type: 'clip', columns: r.columns(), min: r.optionalNumber('min') }
 * r.finish()
 */
export class SpecReader {
  readonly #path: string
  readonly #object: Readonly<Record<string, unknown>>
  readonly #read = new Set<string>()

  constructor(path: string, value: unknown) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalidValue(path || 'spec', `must be an object, got ${describe(value)}`)
    }
    this.#path = path
    this.#object = value as Record<string, unknown>
  }

  /** An error about `field` of this object. */
  error(field: string, message: string): ShipyardError {
    return invalidValue(this.#path === '' ? field : `${this.#path}.${field}`, message)
  }

  /** The raw value of `field` (undefined when absent), marked as read. */
  raw(field: string): unknown {
    this.#read.add(field)
    return this.#object[field]
  }

  /** A required string. */
  string(field: string): string {
    const value = this.raw(field)
    if (typeof value !== 'string') throw this.error(field, `must be a string, got ${describe(value)}`)
    return value
  }

  /** One of `choices`; `fallback` when absent (required when no fallback is given). */
  oneOf<const T extends string>(field: string, choices: readonly T[], fallback?: T): T {
    const value = this.raw(field)
    if (value === undefined && fallback !== undefined) return fallback
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      throw this.error(
        field,
        `must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${describe(value)}`,
      )
    }
    return value as T
  }

  /** A finite number within the bounds, or undefined when absent. */
  optionalNumber(field: string, bounds: NumberBounds = {}): number | undefined {
    const value = this.raw(field)
    if (value === undefined) return undefined
    return this.#checkNumber(field, value, bounds)
  }

  /** A finite number within the bounds; `fallback` when absent (required when no fallback is given). */
  number(field: string, bounds: NumberBounds = {}, fallback?: number): number {
    const value = this.raw(field)
    if (value === undefined && fallback !== undefined) return fallback
    return this.#checkNumber(field, value, bounds)
  }

  /** A boolean; `fallback` when absent. */
  boolean(field: string, fallback: boolean): boolean {
    const value = this.raw(field)
    if (value === undefined) return fallback
    if (typeof value !== 'boolean') throw this.error(field, `must be true or false, got ${describe(value)}`)
    return value
  }

  /** A pair of finite numbers `[low, high]` with low < high, each within the bounds; `fallback` when absent. */
  range(field: string, bounds: NumberBounds, fallback: readonly [number, number]): [number, number] {
    const value = this.raw(field)
    if (value === undefined) return [fallback[0], fallback[1]]
    if (!Array.isArray(value) || value.length !== 2) {
      throw this.error(field, `must be a pair [low, high], got ${describe(value)}`)
    }
    const low = this.#checkNumber(`${field}[0]`, value[0], bounds)
    const high = this.#checkNumber(`${field}[1]`, value[1], bounds)
    if (!(low < high)) throw this.error(field, `low must be below high, got [${low}, ${high}]`)
    return [low, high]
  }

  /** A non-empty array of distinct column names (field `columns` by default). */
  columns(field = 'columns'): string[] {
    const value = this.raw(field)
    if (!Array.isArray(value) || value.length === 0) {
      throw this.error(field, `must be a non-empty array of column names, got ${describe(value)}`)
    }
    const seen = new Set<string>()
    value.forEach((name, i) => {
      if (typeof name !== 'string' || name === '') {
        throw this.error(`${field}[${i}]`, `must be a non-empty string, got ${describe(name)}`)
      }
      if (seen.has(name)) throw this.error(field, `column '${name}' is listed twice`)
      seen.add(name)
    })
    return value as string[]
  }

  /** Rejects fields that no accessor read, naming the fields this spec accepts. */
  finish(): void {
    for (const field of Object.keys(this.#object)) {
      if (!this.#read.has(field)) {
        const known = [...this.#read].map((f) => `'${f}'`).join(', ')
        throw this.error(field, `is not a known field; the fields are ${known}`)
      }
    }
  }

  #checkNumber(field: string, value: unknown, bounds: NumberBounds): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw this.error(field, `must be a finite number, got ${describe(value)}`)
    }
    if (bounds.integer && !Number.isInteger(value))
      throw this.error(field, `must be an integer, got ${value}`)
    if (bounds.min !== undefined && value < bounds.min) {
      throw this.error(field, `must be at least ${bounds.min}, got ${value}`)
    }
    if (bounds.max !== undefined && value > bounds.max) {
      throw this.error(field, `must be at most ${bounds.max}, got ${value}`)
    }
    return value
  }
}

/** Inclusive bounds for a number field. */
export interface NumberBounds {
  readonly min?: number
  readonly max?: number
  readonly integer?: boolean
}

/** A short rendering of a JSON value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  const json = JSON.stringify(value)
  return json.length > 60 ? `${json.slice(0, 57)}...` : json
}
