import { invalidValue } from './errors.js'

const TWO_32 = 0x1_0000_0000
const TWO_53 = 2 ** 53
const GOLDEN = 0x9e3779b9

/**
 * A small, fast, seedable pseudo-random generator: **xoshiro128\*\*** (Blackman & Vigna, 2018;
 * 128-bit state, period 2^128 - 1), its state filled by a 32-bit SplitMix (MurmurHash3's `fmix32`
 * over a Weyl sequence) from the seed. Pure 32-bit integer arithmetic (`Math.imul`, shifts), so
 * the same seed gives the same stream on every machine and every JS engine. Not cryptographic.
 *
 * Contract:
 * - `seed` is any safe integer (negative and > 2^32 allowed: both 32-bit halves are used);
 *   anything else is `INVALID_PARAMETER_VALUE`, because a fractional or NaN seed is a bug upstream.
 * - Not safe to share between concurrent consumers that need reproducibility: each consumer should
 *   take its own stream with `fork(label)`.
 * - The stream for a given seed is part of the persisted contract (recorded splits, folds and
 *   trials replay from it): changing the algorithm is a breaking change.
 *
 * @example
 * const rng = new Random(42)
 * const folds = rng.fork('folds')      // independent of how many draws `rng` has made
 * rng.nextInt(6)                       // 0..5
 * rng.shuffleInPlace(Int32Array.from({ length: 10 }, (_, i) => i))
 */
export class Random {
  // The seed's two 32-bit halves, kept so that `fork` does not depend on the stream position.
  #seedLo = 0
  #seedHi = 0
  #s0 = 0
  #s1 = 0
  #s2 = 0
  #s3 = 0

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw invalidValue('seed', `must be a safe integer, got ${String(seed)}`)
    }
    this.#reset(seed >>> 0, Math.floor(seed / TWO_32) >>> 0)
  }

  /** The next 32 uniformly distributed bits, as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const s1 = this.#s1
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    this.#s2 ^= this.#s0
    this.#s3 ^= s1
    this.#s1 ^= this.#s2
    this.#s0 ^= this.#s3
    this.#s2 ^= t
    this.#s3 = rotl(this.#s3, 11)
    return result
  }

  /** A uniform double in [0, 1) with the full 53 bits of precision (two 32-bit draws). */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5 // 27 bits
    const lo = this.nextUint32() >>> 6 // 26 bits
    return (hi * 67_108_864 + lo) / TWO_53
  }

  /**
   * A uniform integer in [0, n), without modulo bias (draws above the largest multiple of `n` are
   * rejected; expected draws < 2). `n` must be an integer in [1, 2^32]; otherwise
   * `INVALID_PARAMETER_VALUE`.
   */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) {
      throw invalidValue('n', `must be an integer in [1, 2^32], got ${String(n)}`)
    }
    return this.#below(n)
  }

  /**
   * Shuffles `a` in place with Fisher-Yates (every permutation equally likely) and returns it.
   * Deterministic for a given stream position: the same seed shuffles the same array identically.
   */
  shuffleInPlace(a: Int32Array): Int32Array {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.#below(i + 1)
      const tmp = a[i]!
      a[i] = a[j]!
      a[j] = tmp
    }
    return a
  }

  /**
   * An independent generator derived from this one's seed and `label`. It does not depend on how
   * many values this generator has drawn, nor does it advance it, so adding a draw in one component
   * never shifts another's stream. The same label gives the same stream; use distinct labels
   * (`'split'`, `'fold-3'`, `'trial-17'`) for independent streams. Forks of forks work the same way.
   */
  fork(label: string): Random {
    const child = new Random(0)
    const [h1, h2] = hashLabel(label)
    child.#reset(fmix32(this.#seedLo ^ h1), fmix32((this.#seedHi + GOLDEN) ^ h2))
    return child
  }

  // Called only with n in [1, 2^32]. Plain rejection sampling: `limit` is the largest multiple of n
  // that fits in 32 bits, so `x % n` is uniform over accepted draws.
  #below(n: number): number {
    const limit = TWO_32 - (TWO_32 % n)
    for (;;) {
      const x = this.nextUint32()
      if (x < limit) return x % n
    }
  }

  #reset(lo: number, hi: number): void {
    this.#seedLo = lo >>> 0
    this.#seedHi = hi >>> 0
    // SplitMix32: a Weyl sequence through a bijective mixer. Consecutive inputs are distinct, so at
    // most one state word can be zero and the all-zero state (xoshiro's one fixed point) cannot occur.
    let x = (lo ^ fmix32(hi ^ 0x6a09e667)) >>> 0
    x = (x + GOLDEN) >>> 0
    this.#s0 = fmix32(x)
    x = (x + GOLDEN) >>> 0
    this.#s1 = fmix32(x)
    x = (x + GOLDEN) >>> 0
    this.#s2 = fmix32(x)
    x = (x + GOLDEN) >>> 0
    this.#s3 = fmix32(x)
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
export function fmix32(h: number): number {
  let x = h >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x >>> 0
}

// Two independent 32-bit hashes of the label's UTF-16 code units (identical on every engine).
function hashLabel(label: string): [number, number] {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ label.length
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(rotl(b ^ c, 13), 0x5bd1e995) + GOLDEN
  }
  return [fmix32(a), fmix32(b)]
}
