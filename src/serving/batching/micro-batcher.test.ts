import assert from 'node:assert/strict'
import { afterEach, describe, it, mock } from 'node:test'
import type { OnnxFeed, OnnxResult } from '../../onnx/index.js'
import { MicroBatcher, type MicroBatcherOptions, type RunFeeds } from './micro-batcher.js'

type Feeds = Record<string, OnnxFeed>

/** Rows whose `x` are `values` (and a text column, so that joins cover strings too). */
function feedsOf(values: readonly number[]): Feeds {
  return {
    x: { type: 'double', data: Float64Array.from(values), dims: [values.length, 1] },
    tag: { type: 'string', data: values.map((v) => `t${v}`), dims: [values.length, 1] },
  }
}

/** What the fake model answers for `values`: `y = 10x` and a label, one row each. */
function answerOf(values: readonly number[]): Record<string, OnnxResult> {
  return {
    y: { type: 'double', data: Float64Array.from(values, (v) => v * 10), dims: [values.length, 1] },
    label: { type: 'string', data: values.map((v) => `row ${v}`), dims: [values.length] },
  }
}

/**
 * A model that answers `answerOf` its rows, fails a run holding a NaN (as onnxruntime fails a bad
 * value), records the `x` of every run, and holds runs while its gate is closed.
 */
function fakeModel() {
  const runs: number[][] = []
  let gate: Promise<void> | null = null
  let open = () => {}
  const run: RunFeeds = async (feeds) => {
    const x = [...(feeds.x!.data as Float64Array)]
    runs.push(x)
    if (gate) await gate
    if (x.some(Number.isNaN)) throw new Error('the model cannot take NaN')
    return answerOf(x)
  }
  return {
    run,
    runs,
    close: () => {
      gate = new Promise((resolve) => {
        open = resolve
      })
    },
    open: () => {
      gate = null
      open()
    },
  }
}

function batcherOn(run: RunFeeds, options: Partial<MicroBatcherOptions> = {}) {
  return new MicroBatcher(run, { maxRows: 256, maxWaitMs: 0, ...options })
}

function plain(results: Record<string, OnnxResult>) {
  return Object.fromEntries(
    Object.entries(results).map(([name, r]) => [name, { data: [...r.data], dims: [...r.dims] }]),
  )
}

describe('MicroBatcher', () => {
  afterEach(() => mock.timers.reset())

  it('runs a request to an idle model at once, alone, and answers it with its own results', async () => {
    const model = fakeModel()
    const answer = batcherOn(model.run).run(feedsOf([1, 2]))
    assert.deepEqual(model.runs, [[1, 2]])
    assert.deepEqual(plain(await answer), plain(answerOf([1, 2])))
  })

  it('joins the requests that arrive while a run is in flight into the next run, and splits the results back in order', async () => {
    const model = fakeModel()
    const batcher = batcherOn(model.run)
    model.close()
    const requests = [[1], [2, 3], [4], [5, 6, 7], [8]]
    const answers = requests.map((values) => batcher.run(feedsOf(values)))
    assert.equal(model.runs.length, 1, 'the others wait for the first run')
    model.open()
    const results = await Promise.all(answers)
    assert.deepEqual(model.runs, [[1], [2, 3, 4, 5, 6, 7, 8]])
    for (const [i, result] of results.entries())
      assert.deepEqual(plain(result), plain(answerOf(requests[i]!)))
  })

  it('never puts more than maxRows rows in a run, runs a bigger request alone, and keeps arrival order', async () => {
    const model = fakeModel()
    const observed: [number, number][] = []
    const batcher = batcherOn(model.run, { maxRows: 4, observe: (rows, n) => observed.push([rows, n]) })
    model.close()
    const requests = [[1], [2, 3, 4], [5, 6], [7, 8], [9, 10, 11, 12, 13], [14]]
    const answers = requests.map((values) => batcher.run(feedsOf(values)))
    model.open()
    const results = await Promise.all(answers)
    assert.deepEqual(model.runs, [[1], [2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12, 13], [14]])
    assert.deepEqual(observed, [
      [1, 1],
      [3, 1],
      [4, 2],
      [5, 1],
      [1, 1],
    ])
    for (const [i, result] of results.entries())
      assert.deepEqual(plain(result), plain(answerOf(requests[i]!)))
  })

  it('fails only the request whose rows make a joined run fail; the others get their results', async () => {
    const model = fakeModel()
    const batcher = batcherOn(model.run)
    model.close()
    const first = batcher.run(feedsOf([0]))
    const requests = [[1], [2, 3], [4], [5], [6, Number.NaN], [7], [8, 9], [10]]
    const answers = requests.map((values) => batcher.run(feedsOf(values)))
    model.open()
    await first
    const settled = await Promise.allSettled(answers)
    settled.forEach((outcome, i) => {
      if (i === 4) {
        assert.equal(outcome.status, 'rejected')
        assert.match(String((outcome as PromiseRejectedResult).reason), /cannot take NaN/)
      } else {
        assert.equal(outcome.status, 'fulfilled', `request ${i}`)
        assert.deepEqual(
          plain((outcome as PromiseFulfilledResult<never>).value),
          plain(answerOf(requests[i]!)),
        )
      }
    })
    const failing = model.runs.filter((x) => x.some(Number.isNaN))
    assert.deepEqual(failing.at(-1), [6, Number.NaN], 'the bad request ends up running alone')
    assert.ok(model.runs.length < 2 + requests.length, 'halving takes fewer runs than one per request')
  })

  it('fails every request of a batch when every run fails, with no request left waiting', async () => {
    let calls = 0
    const batcher = batcherOn(() => {
      calls++
      throw new Error('no session')
    })
    const answers = [[1], [2], [3]].map((values) => batcher.run(feedsOf(values)))
    const settled = await Promise.allSettled(answers)
    assert.deepEqual(
      settled.map((outcome) => outcome.status),
      ['rejected', 'rejected', 'rejected'],
    )
    assert.ok(calls >= 3)
    await batcher.idle()
  })

  it('runs requests apart when a joined run answers other than one row per row fed', async () => {
    const runs: number[] = []
    const batcher = batcherOn(async (feeds) => {
      runs.push(feeds.x!.dims[0]!)
      return answerOf([42]) // always one row, whatever is fed
    })
    const answers = [[1], [2], [3]].map((values) => batcher.run(feedsOf(values)))
    const results = await Promise.all(answers)
    for (const result of results) assert.deepEqual(plain(result), plain(answerOf([42])))
    assert.deepEqual(runs.slice(0, 2), [1, 2], 'the first ran alone, the other two were joined')
    assert.deepEqual(runs.slice(2), [1, 1], 'then run apart')
  })

  it('resolves idle() only once every waiting request is answered', async () => {
    const model = fakeModel()
    const batcher = batcherOn(model.run)
    await batcher.idle()
    model.close()
    const answered: number[] = []
    const answers = [1, 2, 3].map((v) => batcher.run(feedsOf([v])).then(() => answered.push(v)))
    let idle = false
    const idled = batcher.idle().then(() => {
      idle = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(idle, false)
    model.open()
    await idled
    assert.deepEqual(answered.sort(), [1, 2, 3])
    await Promise.all(answers)
  })

  describe('with maxWaitMs', () => {
    it('holds a batch until its oldest request has waited maxWaitMs, unless it fills maxRows first', async () => {
      mock.timers.enable({ apis: ['setTimeout', 'Date'] })
      const model = fakeModel()
      const batcher = batcherOn(model.run, { maxRows: 4, maxWaitMs: 50 })
      const lone = batcher.run(feedsOf([1]))
      mock.timers.tick(49)
      assert.equal(model.runs.length, 0, 'still waiting for company')
      const second = batcher.run(feedsOf([2]))
      mock.timers.tick(1)
      assert.deepEqual(model.runs, [[1, 2]])
      await Promise.all([lone, second])

      const full = [
        [3, 4],
        [5, 6],
      ].map((values) => batcher.run(feedsOf(values)))
      assert.deepEqual(model.runs.at(-1), [3, 4, 5, 6], 'a full batch goes at once')
      await Promise.all(full)
    })

    it('counts the wait from the oldest request, including the time it queued behind a run', async () => {
      mock.timers.enable({ apis: ['setTimeout', 'Date'] })
      const model = fakeModel()
      const batcher = batcherOn(model.run, { maxRows: 2, maxWaitMs: 50 })
      model.close()
      const full = batcher.run(feedsOf([1, 2]))
      const queued = batcher.run(feedsOf([3]))
      mock.timers.tick(30)
      model.open()
      await full
      await new Promise((resolve) => setImmediate(resolve)) // the batcher schedules what waits
      assert.equal(model.runs.length, 1)
      mock.timers.tick(19)
      assert.equal(model.runs.length, 1)
      mock.timers.tick(1)
      assert.deepEqual(model.runs, [[1, 2], [3]])
      await queued
    })
  })
})
