import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, it } from 'node:test'
import type { CachedRow } from '../cached-row.js'
import type { LayerLookup, RowCacheLayer } from '../row-cache-layer.js'

/** A row with every kind of data onnxruntime answers with, and the values a codec gets wrong. */
export const ODD_ROW: CachedRow = {
  label: { type: 'string', data: ['yes, "quoted" ünïcode'], dims: [1] },
  probabilities: { type: 'float', data: Float32Array.from([Number.NaN, -0, 0.1]), dims: [1, 3] },
  score: { type: 'double', data: Float64Array.from([Number.MIN_VALUE, -Infinity]), dims: [1, 2] },
  class: { type: 'int64', data: BigInt64Array.from([-(2n ** 63n)]), dims: [1] },
  count: { type: 'int32', data: Int32Array.from([-7]), dims: [1, 1] },
  flag: { type: 'bool', data: Uint8Array.from([1]), dims: [1, 1] },
}

/** A one-output row holding `value`. */
export const plainRow = (value: number): CachedRow => ({
  prediction: { type: 'float', data: Float32Array.from([value]), dims: [1, 1] },
})

/**
 * Resolves once `condition` holds, asking again every few milliseconds; fails naming `what` after
 * `ms`. For effects with nothing to await (a write the cache does not wait for).
 */
export async function eventually(
  condition: () => Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/**
 * The behaviour every `RowCacheLayer` shares, as `it` cases for the caller's `describe`: misses,
 * exact round trips, key order, replacement. `open` makes a fresh layer; keys are unique per run, so
 * a shared store (Redis) may hold other data.
 */
export function rowCacheLayerSuite(open: () => RowCacheLayer): void {
  let layer: RowCacheLayer
  const run = randomUUID()
  const key = (name: string) => `shipyard:test:${run}:${name}`
  /** The layer's answer once it holds what was written (writes may land later). */
  const settled = async (keys: readonly string[], expected: number): Promise<LayerLookup> => {
    let found: LayerLookup | null = null
    await eventually(async () => {
      found = await layer.get(keys)
      return found !== null && found.filter((row) => row !== undefined).length === expected
    }, `${expected} of ${keys.length} rows`)
    return found!
  }
  before(() => {
    layer = open()
  })
  after(() => layer.close())

  it('misses every key it was never given', async () => {
    assert.deepEqual(await settled([key('never'), key('nor')], 0), [undefined, undefined])
  })

  it('answers a stored row bit for bit: strings, NaN, -0, int64 and every typed array', async () => {
    layer.set(new Map([[key('odd'), ODD_ROW]]))
    const [found] = await settled([key('odd')], 1)
    assert.deepEqual(found, ODD_ROW)
    assert.ok(Object.is((found!.probabilities!.data as Float32Array)[1], -0))
  })

  it('answers in key order, misses where it has nothing', async () => {
    layer.set(
      new Map([
        [key('one'), plainRow(1)],
        [key('two'), plainRow(2)],
      ]),
    )
    const found = await settled([key('two'), key('none'), key('one')], 2)
    assert.deepEqual(found, [plainRow(2), undefined, plainRow(1)])
  })

  it('answers the latest row stored under a key', async () => {
    layer.set(new Map([[key('again'), plainRow(1)]]))
    await settled([key('again')], 1)
    layer.set(new Map([[key('again'), plainRow(2)]]))
    await eventually(async () => {
      const [found] = (await layer.get([key('again')])) ?? []
      return (found?.prediction?.data as Float32Array | undefined)?.[0] === 2
    }, 'the second row')
  })
}
