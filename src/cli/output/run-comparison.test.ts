import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Run } from '../../tracking/index.js'
import { compareRuns } from './run-comparison.js'

function run(runId: string, params: Record<string, string>, metrics: Record<string, number>): Run {
  return {
    info: {
      runId,
      runName: `run-${runId}`,
      experimentId: '1',
      userId: 'me',
      status: 'FINISHED',
      startTime: 0,
      endTime: 1,
      lifecycleStage: 'active',
      artifactUri: `file:///tmp/${runId}`,
      parentRunId: null,
    },
    data: {
      params,
      tags: {},
      metrics: Object.fromEntries(
        Object.entries(metrics).map(([key, value]) => [key, { key, value, step: 3, timestamp: 5 }]),
      ),
    },
  }
}

describe('compareRuns', () => {
  it('lines up every key of every run, sorted, marking the ones that differ', () => {
    const comparison = compareRuns([
      run('a', { lr: '0.1', epochs: '10', seed: '1' }, { loss: 0.5, acc: 0.9 }),
      run('b', { lr: '0.3', epochs: '10' }, { loss: 0.4, acc: 0.9 }),
    ])
    assert.deepEqual(
      comparison.runs.map((r) => r.runId),
      ['a', 'b'],
    )
    assert.deepEqual(comparison.params, [
      { key: 'epochs', values: ['10', '10'], differs: false },
      { key: 'lr', values: ['0.1', '0.3'], differs: true },
      { key: 'seed', values: ['1', null], differs: true },
    ])
    assert.deepEqual(comparison.metrics, [
      { key: 'acc', values: [0.9, 0.9], differs: false },
      { key: 'loss', values: [0.5, 0.4], differs: true },
    ])
  })

  it('treats NaN as equal to NaN and a key missing from the first run as a difference', () => {
    const comparison = compareRuns([run('a', {}, { x: Number.NaN }), run('b', { p: '1' }, { x: Number.NaN })])
    assert.deepEqual(comparison.metrics, [{ key: 'x', values: [Number.NaN, Number.NaN], differs: false }])
    assert.deepEqual(comparison.params, [{ key: 'p', values: [null, '1'], differs: true }])
  })

  it('does not round before comparing', () => {
    const comparison = compareRuns([run('a', {}, { x: 0.1 }), run('b', {}, { x: 0.1000000001 })])
    assert.equal(comparison.metrics[0]?.differs, true)
  })
})
