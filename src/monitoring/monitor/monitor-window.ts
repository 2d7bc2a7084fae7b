import { parseDuration } from '../prediction-log/index.js'

/** The window a monitor report looks back over when none is given. */
export const DEFAULT_MONITOR_WINDOW = '24h'

/**
 * A window length as people write it, `30m`, `24h`, `7d`, `1.5h` (units s, m, h, d, w), in ms.
 * Throws `INVALID_PARAMETER_VALUE` naming `field` for anything else, or for a zero length.
 *
 * @example parseWindow('24h') // 86_400_000
 */
export function parseWindow(text: string, field = 'window'): number {
  return parseDuration(text, field)
}
