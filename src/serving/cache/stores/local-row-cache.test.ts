import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type CachedRow, rowBytes } from '../cached-row.js'
import { rowCacheLayerSuite } from '../testing/row-cache-layer-suite.js'
import { LocalRowCache, type LocalRowCacheOptions } from './local-row-cache.js'

const row = (value: number, width = 1): CachedRow => ({
  prediction: { type: 'float', data: new Float32Array(width).fill(value), dims: [1, width] },
})

function cache(options: Partial<LocalRowCacheOptions> = {}) {
  return new LocalRowCache({ maxEntries: 100, maxBytes: 1 << 20, ttlMs: 1000, ...options })
}

/** Which of `keys` the cache answers now. */
async function held(local: LocalRowCache, keys: readonly string[]): Promise<string[]> {
  const found = await local.get(keys)
  return keys.filter((_, i) => found[i] !== undefined)
}

describe('LocalRowCache as a RowCacheLayer', () => rowCacheLayerSuite(() => cache()))

describe('LocalRowCache', () => {
  it('answers what it stored, in key order, undefined for a miss', async () => {
    const local = cache()
    local.set(
      new Map([
        ['a', row(1)],
        ['b', row(2)],
      ]),
    )
    const found = await local.get(['b', 'x', 'a'])
    assert.deepEqual(found, [row(2), undefined, row(1)])
  })

  it('keeps at most maxEntries rows, dropping the least recently used first', async () => {
    const local = cache({ maxEntries: 2 })
    local.set(
      new Map([
        ['a', row(1)],
        ['b', row(2)],
      ]),
    )
    await local.get(['a']) // a is now more recent than b
    local.set(new Map([['c', row(3)]]))
    assert.deepEqual(await held(local, ['a', 'b', 'c']), ['a', 'c'])
    assert.equal(local.size, 2)
  })

  it('keeps at most maxBytes, counting a replaced row once', async () => {
    const each = rowBytes('a', row(0, 100))
    const local = cache({ maxBytes: each * 2 })
    local.set(
      new Map([
        ['a', row(1, 100)],
        ['b', row(2, 100)],
      ]),
    )
    local.set(new Map([['a', row(3, 100)]]))
    assert.equal(local.bytes, each * 2)
    assert.deepEqual(await held(local, ['a', 'b']), ['a', 'b']) // b is now the most recent
    local.set(new Map([['c', row(4, 100)]]))
    assert.deepEqual(await held(local, ['a', 'b', 'c']), ['b', 'c'])
    assert.equal(local.bytes, each * 2)
  })

  it('does not keep a row larger than maxBytes alone, nor drop others for it', async () => {
    const local = cache({ maxBytes: rowBytes('a', row(0, 10)) })
    local.set(new Map([['a', row(1, 10)]]))
    local.set(new Map([['huge', row(2, 1000)]]))
    assert.deepEqual(await held(local, ['a', 'huge']), ['a'])
  })

  it('stops answering a row ttlMs after it was stored, and frees it', async () => {
    let now = 1_000
    const local = cache({ ttlMs: 500, now: () => now })
    local.set(new Map([['a', row(1)]]))
    now = 1_300
    local.set(new Map([['b', row(2)]]))
    now = 1_499
    assert.deepEqual(await held(local, ['a', 'b']), ['a', 'b'])
    now = 1_500
    assert.deepEqual(await held(local, ['a', 'b']), ['b'])
    assert.equal(local.size, 1)
    assert.equal(local.bytes, rowBytes('b', row(2)))
    now = 1_800
    assert.deepEqual(await held(local, ['a', 'b']), [])
  })

  it('restarts the TTL when a row is stored again', async () => {
    let now = 0
    const local = cache({ ttlMs: 100, now: () => now })
    local.set(new Map([['a', row(1)]]))
    now = 90
    local.set(new Map([['a', row(1)]]))
    now = 150
    assert.deepEqual(await held(local, ['a']), ['a'])
  })
})
