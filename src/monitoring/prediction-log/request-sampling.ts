import { invalidValue } from '../../shared/index.js'

/**
 * Whether a request is logged when its model keeps `rate` of requests (0..1). Decided by a hash of
 * the request id alone, so every row of a request, its shadow's rows, and every process of a cluster
 * give the same answer, and a request is kept at rate r whenever it is kept at any lower rate.
 *
 * @example keepsRequest('3f2a...', 0.1) // true for about one request id in ten
 */
export function keepsRequest(requestId: string, rate: number): boolean {
  if (rate >= 1) return true
  if (rate <= 0) return false
  return hashToUnit(requestId) < rate
}

/** A sampling rate checked: a number from 0 (log nothing) to 1 (log every request). */
export function checkSampleRate(rate: number, field = 'sampleRate'): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw invalidValue(field, `must be a number from 0 to 1, got ${String(rate)}`)
  }
  return rate
}

// FNV-1a over the UTF-16 code units, then murmur3's finaliser so that ids differing in their last
// character (req-1, req-2) spread over the whole range. [0, 1).
function hashToUnit(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}
