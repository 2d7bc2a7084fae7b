import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import type { Run } from '../../tracking/index.js'
import {
  doubleFromWire,
  fileInfoToWire,
  int64FromWire,
  metricFromWire,
  recordFromWire,
  runIdFromWire,
  runToWire,
} from './wire-mapping.js'

function assertField(fn: () => unknown, field: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ShipyardError)
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
    assert.equal(error.details.field, field)
    assert.match(error.message, new RegExp(`'${field.replace(/[[\].]/g, '\\$&')}'`))
    return true
  })
}

const run: Run = {
  info: {
    runId: 'abc',
    runName: 'r',
    experimentId: '0',
    userId: 'u',
    status: 'RUNNING',
    startTime: 5,
    endTime: null,
    lifecycleStage: 'active',
    artifactUri: 'file:///a/abc/artifacts',
    parentRunId: null,
  },
  data: {
    params: { p: '1' },
    tags: { t: 'x' },
    metrics: { m: { key: 'm', value: Number.NaN, timestamp: 1, step: 2 } },
  },
}

describe('wire mapping', () => {
  it('writes a run in MLflow shape: run_uuid alias, no end_time while running, NaN by name', () => {
    assert.deepEqual(runToWire(run), {
      info: {
        run_id: 'abc',
        run_uuid: 'abc',
        run_name: 'r',
        experiment_id: '0',
        user_id: 'u',
        status: 'RUNNING',
        start_time: 5,
        artifact_uri: 'file:///a/abc/artifacts',
        lifecycle_stage: 'active',
      },
      data: {
        metrics: [{ key: 'm', value: 'NaN', timestamp: 1, step: 2 }],
        params: [{ key: 'p', value: '1' }],
        tags: [{ key: 't', value: 'x' }],
      },
    })
    const ended = runToWire({ ...run, info: { ...run.info, status: 'FINISHED', endTime: 9 } })
    assert.equal(ended.info.end_time, 9)
  })

  it('writes file sizes only for files', () => {
    assert.deepEqual(fileInfoToWire({ path: 'd', isDir: true }), { path: 'd', is_dir: true })
    assert.deepEqual(fileInfoToWire({ path: 'f', isDir: false, fileSize: 0, sha256: 'aa' }), {
      path: 'f',
      is_dir: false,
      file_size: 0,
    })
  })

  it('reads int64 as a number or a decimal string, refusing the rest', () => {
    assert.equal(int64FromWire('step', 3), 3)
    assert.equal(int64FromWire('step', '-12'), -12)
    assert.equal(int64FromWire('step', ' 1700000000000 '), 1_700_000_000_000)
    assertField(() => int64FromWire('step', 1.5), 'step')
    assertField(() => int64FromWire('step', '1e3'), 'step')
    assertField(() => int64FromWire('step', '99999999999999999999'), 'step')
  })

  it('reads doubles, including protobuf-JSON names for non-finite values', () => {
    assert.equal(doubleFromWire('value', 0.25), 0.25)
    assert.equal(doubleFromWire('value', '0.25'), 0.25)
    assert.ok(Number.isNaN(doubleFromWire('value', 'NaN')))
    assert.equal(doubleFromWire('value', 'Infinity'), Infinity)
    assert.equal(doubleFromWire('value', '-Infinity'), -Infinity)
    assertField(() => doubleFromWire('value', 'nan'), 'value')
    assertField(() => doubleFromWire('value', ''), 'value')
  })

  it('names nested fields and defaults a metric step to 0', () => {
    assert.deepEqual(metricFromWire('metrics[0]', { key: 'k', value: '1', timestamp: '2' }), {
      key: 'k',
      value: 1,
      timestamp: 2,
      step: 0,
    })
    assertField(
      () => metricFromWire('metrics[3]', { key: 'k', value: 1, timestamp: 'x' }),
      'metrics[3].timestamp',
    )
    assertField(() => metricFromWire('', { key: 'k', value: 'x', timestamp: 1 }), 'value')
  })

  it('keeps the last value of a repeated key and prefers run_id over run_uuid', () => {
    assert.deepEqual(
      recordFromWire([
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ]),
      { a: '2' },
    )
    assert.equal(runIdFromWire({ run_id: 'x', run_uuid: 'y' }), 'x')
    assert.equal(runIdFromWire({ run_id: '', run_uuid: 'y' }), 'y')
    assertField(() => runIdFromWire({}), 'run_id')
  })
})
