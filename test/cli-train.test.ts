// End-to-end tests of `shipyard train` through the built CLI: a tracked run with model.onnx from a CSV,
// the linear model, a YAML config, the model files on disk, and bad input as one error line.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, it } from 'node:test'
import { writeChurnCsv } from '../src/cli/quickstart/churn-data.js'
import { json, ok, type RunJson, requireBuiltCli, shipyard } from './cli-harness.js'

interface TrainJson {
  run_id: string
  experiment_id: string
  model: string
  task: string
  metrics: Record<string, number>
  artifacts: string[]
  model_dir: string | null
}

const dir = mkdtempSync(join(tmpdir(), 'shipyard-cli-train-'))
const env = { SHIPYARD_HOME: join(dir, 'home') }
const trainCsv = join(dir, 'train.csv')
const testCsv = join(dir, 'test.csv')

before(() => {
  requireBuiltCli()
  writeChurnCsv(trainCsv, { rows: 1200, seed: 1 })
  writeChurnCsv(testCsv, { rows: 400, seed: 2 })
})

it('trains a tracked gbdt run from a CSV and prints {run_id, metrics, artifacts}', () => {
  const out = json<TrainJson>(
    [
      'train',
      '--data',
      trainCsv,
      '--target',
      'churned',
      '--test',
      testCsv,
      '--param',
      'num_trees=25',
      '--experiment',
      'churn',
      '--out',
      join(dir, 'model'),
    ],
    env,
  )
  assert.match(out.run_id, /^[0-9a-f]{32}$/)
  assert.equal(out.model, 'gbdt')
  assert.equal(out.task, 'binary')
  assert.ok(out.metrics.valid_roc_auc! > 0.7, JSON.stringify(out.metrics))
  assert.ok(out.metrics.test_roc_auc! > 0.7, JSON.stringify(out.metrics))
  assert.ok(out.artifacts.includes('model/model.onnx'))
  assert.ok(out.artifacts.includes('report.html'))
  for (const file of ['model.onnx', 'model.json', 'signature.json', 'pipeline.json']) {
    assert.ok(existsSync(join(dir, 'model', file)), file)
  }
  const signature = JSON.parse(readFileSync(join(dir, 'model', 'signature.json'), 'utf8'))
  assert.deepEqual(
    signature.inputs.map((i: { name: string }) => i.name),
    ['tenure_months', 'monthly_charges', 'support_calls', 'plan', 'signup_date'],
  )
  const run = json<RunJson>(['runs', 'show', out.run_id], env)
  assert.equal(run.info.status, 'FINISHED')
  assert.equal(run.data.params.num_trees, '25')
  assert.equal(run.data.metrics.valid_logloss?.step, 25)
})

it('trains the linear model from a YAML config, and prints a table for people', () => {
  const config = join(dir, 'train.yaml')
  writeFileSync(
    config,
    [
      'data: train.csv',
      'target: churned',
      'model: linear',
      'valid_fraction: 0.3',
      'params:',
      '  l2: 0.01',
      'experiment: churn',
    ].join('\n'),
  )
  const out = ok(['train', '--config', config, '--run-name', 'from-yaml'], env)
  assert.match(out, /Trained a linear binary model for 'churned' in run [0-9a-f]{32}/)
  assert.match(out, /valid_roc_auc\s+0\.\d+/)
  const listed = json<{ runs: RunJson[] }>(['runs', 'list', '--experiment', 'churn'], env)
  const fromYaml = listed.runs.find((r) => r.info.runName === 'from-yaml')!
  assert.equal(fromYaml.data.params.l2, '0.01')
  assert.equal(fromYaml.data.params['data.valid_rows'], '360')
})

it('bad input is one error line naming the problem, exit 1', () => {
  const cases: [string[], RegExp][] = [
    [
      ['--param', 'num_leafs=8'],
      /^error: params\.num_leafs: 'num_leafs' is not a gbdt parameter \(did you mean 'num_leaves'\?\)/,
    ],
    [['--param', 'learning_rate=2'], /^error: params\.learning_rate: must be > 0 and <= 1, got '2'/],
    [['--target', 'churn'], /no column 'churn'; the columns are 'tenure_months'/],
    [['--task', 'regression', '--target', 'plan'], /target 'plan' is missing in \d+ of 1200 rows/],
  ]
  for (const [extra, pattern] of cases) {
    const base = ['train', '--data', trainCsv, '--target', 'churned']
    const result = shipyard([...base, ...extra], env)
    assert.equal(result.status, 1, `${extra.join(' ')}: ${result.stderr}`)
    assert.match(result.stderr, pattern)
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
  }
})
