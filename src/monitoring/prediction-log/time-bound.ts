import { parseIsoInstant } from '../../data/index.js'
import { invalidValue } from '../../shared/index.js'

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * A search's `since` or `until` as typed by a person or sent in a query string, to epoch ms:
 * - a duration back from `now`: `30m`, `1h`, `7d` (units `ms s m h d w`, decimals allowed: `1.5h`);
 * - an ISO 8601 instant: `2024-05-01` (UTC midnight) or `2024-05-01T12:00:00Z` (a date-time needs
 *   `Z` or an offset, as the `where` language's `time` literals do);
 * - epoch milliseconds: `1714564800000`.
 * Anything else is `INVALID_PARAMETER_VALUE` naming `field` and the three forms. The CLI's `--since`
 * and the API's `since=` read bounds alike through this.
 *
 * @example parseTimeBound('since', '1h', Date.parse('2024-05-01T12:00:00Z')) // 2024-05-01T11:00:00Z
 */
export function parseTimeBound(field: string, text: string, now: number): number {
  const trimmed = text.trim()
  const duration = durationMs(trimmed)
  if (duration !== null) return now - duration
  if (/^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed))) return Number(trimmed)
  const instant = parseIsoInstant(trimmed)
  if (!Number.isNaN(instant)) return instant
  throw invalidValue(
    field,
    `'${text}' is not a time: give a duration back from now (30m, 1h, 7d), an ISO instant (2024-05-01T12:00:00Z) or epoch milliseconds`,
  )
}

/**
 * A length of time as people write it, `30m`, `24h`, `7d`, `1.5h` (units ms, s, m, h, d, w), in ms;
 * `INVALID_PARAMETER_VALUE` naming `field` for anything else, or for less than a millisecond.
 *
 * @example parseDuration('24h', 'window') // 86_400_000
 */
export function parseDuration(text: string, field: string): number {
  const ms = durationMs(text.trim())
  if (ms === null || !(ms >= 1)) {
    throw invalidValue(field, `'${text}' is not a length of time; write a number and a unit: 30m, 24h, 7d`)
  }
  return Math.round(ms)
}

function durationMs(text: string): number | null {
  const match = DURATION.exec(text)
  return match ? Number(match[1]) * UNIT_MS[match[2]!.toLowerCase()]! : null
}
