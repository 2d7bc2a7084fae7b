import { invalidValue } from '../../shared/index.js'
import { COLUMN_TYPES, type ColumnType } from '../column.js'

/**
 * Reads the fields of one JSON object (an entry of a schema file) and fails naming the exact field:
 * `expectations[3].max: must be a number`. Every failure is `INVALID_PARAMETER_VALUE` with
 * `details.field` set to that path. `finish()` rejects fields nobody read, so a typo (`mx`) is an
 * error rather than a silently ignored bound.
 */
export class FieldReader {
  readonly path: string
  readonly #object: Readonly<Record<string, unknown>>
  readonly #read = new Set<string>()

  constructor(value: unknown, path: string) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw invalidValue(path, `must be an object, not ${describeJson(value)}`)
    }
    this.path = path
    this.#object = value as Record<string, unknown>
  }

  /** The full path of a field, for messages. */
  field(name: string): string {
    return `${this.path}.${name}`
  }

  /** True when the field is present (and not null). */
  has(name: string): boolean {
    return this.#object[name] !== undefined && this.#object[name] !== null
  }

  /** A required non-empty string. */
  string(name: string): string {
    const value = this.#take(name)
    if (typeof value !== 'string' || value === '') {
      throw invalidValue(this.field(name), `must be a non-empty string, not ${describeJson(value)}`)
    }
    return value
  }

  /** An optional number (null counts as omitted); NaN is refused, ±Infinity (possible from code, not from JSON) is accepted. */
  optionalNumber(name: string): number | undefined {
    if (!this.has(name)) {
      this.#read.add(name)
      return undefined
    }
    const value = this.#take(name)
    if (typeof value !== 'number' || Number.isNaN(value)) {
      throw invalidValue(this.field(name), `must be a number, not ${describeJson(value)}`)
    }
    return value
  }

  /** A required number in `[min, max]`. */
  numberIn(name: string, min: number, max: number): number {
    const value = this.optionalNumber(name)
    if (value === undefined) throw invalidValue(this.field(name), 'must be a number, and is missing')
    if (value < min || value > max) {
      throw invalidValue(this.field(name), `must be between ${min} and ${max}, not ${value}`)
    }
    return value
  }

  /** An optional non-negative integer (a row count). */
  optionalCount(name: string): number | undefined {
    const value = this.optionalNumber(name)
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw invalidValue(this.field(name), `must be a non-negative integer, not ${value}`)
    }
    return value
  }

  /** A required array of strings (may be empty). */
  strings(name: string): string[] {
    const value = this.#take(name)
    if (!Array.isArray(value)) {
      throw invalidValue(this.field(name), `must be an array of strings, not ${describeJson(value)}`)
    }
    return value.map((item, i) => {
      if (typeof item !== 'string') {
        throw invalidValue(`${this.field(name)}[${i}]`, `must be a string, not ${describeJson(item)}`)
      }
      return item
    })
  }

  /** A required column type name. */
  columnType(name: string): ColumnType {
    const value = this.#take(name)
    if (!(COLUMN_TYPES as readonly unknown[]).includes(value)) {
      throw invalidValue(
        this.field(name),
        `must be one of ${COLUMN_TYPES.join(', ')}, not ${describeJson(value)}`,
      )
    }
    return value as ColumnType
  }

  /** Fails on the first field that was not read, listing the fields this entry takes. */
  finish(): void {
    for (const name of Object.keys(this.#object)) {
      if (!this.#read.has(name)) {
        throw invalidValue(this.field(name), `unknown field; this entry takes ${[...this.#read].join(', ')}`)
      }
    }
  }

  #take(name: string): unknown {
    this.#read.add(name)
    return this.#object[name]
  }
}

/** A short rendering of a JSON value for error messages. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'missing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)
  return String(value)
}
