import assert from 'node:assert/strict'

/**
 * Asserts `actual` is within `tolerance` (absolute, default 1e-12) of `expected`, element-wise for
 * arrays; NaN matches only NaN and infinities only themselves. For reference values computed
 * elsewhere (scikit-learn) whose last bits depend on summation order.
 */
export function assertClose(
  actual: number | ArrayLike<number>,
  expected: number | ArrayLike<number>,
  tolerance = 1e-12,
  message = '',
): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual)
  const e = typeof expected === 'number' ? [expected] : Array.from(expected)
  assert.equal(a.length, e.length, `${message} length: ${a.length} vs ${e.length}`)
  a.forEach((x, i) => {
    const y = e[i]!
    const same = Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= tolerance
    assert.ok(same, `${message}[${i}]: got ${x}, expected ${y} (± ${tolerance})`)
  })
}
