/**
 * Formats a metric or param number for a table: integers as they are, others to 6 significant
 * digits without trailing zeros; NaN and infinities by name. Machine output (`--json`) never
 * goes through this: it keeps full precision.
 *
 * @example
 * formatNumber(0.91234567) // '0.912346'
 * formatNumber(-Infinity)  // '-Infinity'
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value)
  return String(Number(value.toPrecision(6)))
}

/** An epoch-millisecond time as ISO 8601 in UTC, or `-` when there is none. */
export function formatTime(epochMs: number | null | undefined): string {
  return epochMs === null || epochMs === undefined ? '-' : new Date(epochMs).toISOString()
}

/**
 * A duration for people: `850ms`, `12.3s`, `4m 05s`, `2h 03m`; `-` when the end is unknown
 * (a run that is still going).
 */
export function formatDuration(startMs: number, endMs: number | null): string {
  if (endMs === null) return '-'
  const ms = Math.max(0, endMs - startMs)
  if (ms < 1000) return `${ms}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const seconds = Math.floor(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${twoDigits(seconds % 60)}s`
  return `${Math.floor(seconds / 3600)}h ${twoDigits(Math.floor(seconds / 60) % 60)}m`
}

/** A byte count for people: `512 B`, `1.5 KiB`, `2.0 MiB`. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '-'
  if (bytes < 1024) return `${bytes} B`
  const units = ['KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(1)} ${units[unit]}`
}

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}
