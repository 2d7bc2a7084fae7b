import type { OutputStream } from '../cli-io.js'

/**
 * Serialises `value` as the CLI's machine output: pretty JSON (2 spaces), one document, ending in a
 * newline. JSON has no NaN or infinities, and `JSON.stringify` would silently turn them into `null`;
 * they are written as the strings `"NaN"`, `"Infinity"` and `"-Infinity"` instead (MLflow's REST API
 * does the same), so that a metric value is never lost.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`
}

/** Writes `value` to `stream` as machine output; see `toJson`. */
export function printJson(stream: OutputStream, value: unknown): void {
  stream.write(toJson(value))
}
