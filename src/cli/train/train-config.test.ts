import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parsePipelineSpec } from '../../features/index.js'
import { ShipyardError } from '../../shared/index.js'
import { DEFAULT_VALID_FRACTION, trainSettings } from './train-config.js'

function configFile(text: string, name = 'train.yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-train-config-'))
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => error instanceof ShipyardError && pattern.test(error.message))
}

test('flags alone: defaults fill in, params are key=value pairs', () => {
  const settings = trainSettings(
    { data: 'train.csv', target: 'y', param: ['num_leaves=63', 'learning_rate = 0.05'] },
    parsePipelineSpec,
  )
  assert.equal(settings.model, 'gbdt')
  assert.equal(settings.task, 'auto')
  assert.equal(settings.seed, 0)
  assert.equal(settings.validFraction, DEFAULT_VALID_FRACTION)
  assert.deepEqual(settings.params, { num_leaves: '63', learning_rate: '0.05' })
})

test('a YAML config: paths relative to the file, features parsed, flags win', () => {
  const path = configFile(
    [
      'data: data/train.parquet',
      'target: churned',
      'valid: data/valid.parquet',
      'model: linear',
      'params: { l2: 0.01, max_iterations: 50 }',
      'features:',
      '  steps:',
      '    - { type: impute, columns: [age], strategy: median }',
      'seed: 7',
      'class_weight: balanced',
    ].join('\n'),
  )
  const settings = trainSettings({ config: path, param: ['l2=0.5'], seed: '9' }, parsePipelineSpec)
  assert.equal(settings.data, join(path, '..', 'data/train.parquet'))
  assert.equal(settings.valid, join(path, '..', 'data/valid.parquet'))
  assert.equal(settings.validFraction, undefined)
  assert.equal(settings.model, 'linear')
  assert.deepEqual(settings.params, { l2: '0.5', max_iterations: 50 })
  assert.equal(settings.features?.steps[0]?.type, 'impute')
  assert.equal(settings.seed, 9)
  assert.equal(settings.classWeight, 'balanced')
})

test('mistakes name the flag, key, or file position', () => {
  refused(() => trainSettings({ target: 'y' }, parsePipelineSpec), /--data FILE/)
  refused(() => trainSettings({ data: 'x.csv' }, parsePipelineSpec), /--target COLUMN/)
  refused(
    () => trainSettings({ data: 'x', target: 'y', model: 'forest' }, parsePipelineSpec),
    /--model: must be one of gbdt, linear/,
  )
  refused(
    () => trainSettings({ data: 'x', target: 'y', param: ['num_leaves'] }, parsePipelineSpec),
    /'num_leaves' must read key=value/,
  )
  refused(
    () => trainSettings({ data: 'x', target: 'y', valid: 'v', validFraction: '0.1' }, parsePipelineSpec),
    /not both/,
  )
  refused(
    () => trainSettings({ data: 'x', target: 'y', classWeight: 'yes=lots' }, parsePipelineSpec),
    /'yes=lots' must read class=weight/,
  )
  refused(
    () => trainSettings({ config: configFile('data: a.csv\ntraget: y\n') }, parsePipelineSpec),
    /unknown setting 'traget' \(did you mean 'target'\?\)/,
  )
  refused(
    () => trainSettings({ config: configFile('data: [a\n') }, parsePipelineSpec),
    /train\.yaml:\d+:\d+: not valid YAML/,
  )
  refused(
    () => trainSettings({ config: '/nonexistent/train.yaml' }, parsePipelineSpec),
    /cannot read the config/,
  )
  const weights = trainSettings({ data: 'x', target: 'y', classWeight: 'yes=3,no=1' }, parsePipelineSpec)
  assert.deepEqual(weights.classWeight, { yes: 3, no: 1 })
})
