import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { readDataset } from '../../data/index.js'
import { duckdb } from '../../data/loading/testing/temp-files.js'
import { type TrainedModel, train } from '../../models/index.js'
import { importedLineage } from '../../registry/index.js'
import { Shipyard } from '../../sdk/index.js'
import type { CliIo, OutputStream } from '../cli-io.js'
import { addGlobalOptions } from '../global-options.js'
import { registerPredictCommand } from './predict-command.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-predict-command-'))
const home = join(dir, 'home')
const input = join(dir, 'customers.parquet')
const modelDir = join(dir, 'model')
after(() => rmSync(dir, { recursive: true, force: true }))
let model: TrainedModel

before(async () => {
  const trainPath = join(dir, 'train.parquet')
  const rows = (from: number, count: number) =>
    `SELECT (hash(i) % 100) / 10.0 AS x, ['a', 'b'][1 + (hash(i, 2) % 2)::INTEGER] AS k,
       CASE WHEN hash(i) % 100 > 50 THEN 'yes' ELSE 'no' END AS churned FROM range(${from}, ${from + count}) t(i)`
  await duckdb(
    `COPY (${rows(0, 400)}) TO '${trainPath}' (FORMAT parquet);
     COPY (SELECT x, k FROM (${rows(1000, 900)})) TO '${input}' (FORMAT parquet)`,
  )
  model = await train((await readDataset({ path: trainPath })).dataset, {
    target: 'churned',
    params: { num_trees: 5, threads: 1 },
  })
  await model.save(modelDir)
})

interface Captured {
  readonly io: CliIo
  readonly stdout: string[]
  readonly stderr: string[]
}

function capture(tty: boolean): Captured {
  const stdout: string[] = []
  const stderr: string[] = []
  const stream = (sink: string[]): OutputStream => ({
    write: (text) => sink.push(text),
    isTTY: tty,
    columns: 80,
  })
  return { io: { stdout: stream(stdout), stderr: stream(stderr), env: {} }, stdout, stderr }
}

async function predict(args: readonly string[], tty = false): Promise<Captured> {
  const captured = capture(tty)
  const program = new Command('shipyard').exitOverride()
  addGlobalOptions(program)
  registerPredictCommand(program, captured.io)
  await program.parseAsync(['predict', ...args, '--home', home], { from: 'user' })
  return captured
}

describe('shipyard predict', () => {
  it('predicts with a saved model folder and prints the summary as JSON', async () => {
    const output = join(dir, 'out.csv')
    const { stdout, stderr } = await predict([
      '--input',
      input,
      '--output',
      output,
      '--model-dir',
      modelDir,
      '--chunk-rows',
      '256',
      '--json',
    ])
    const summary = JSON.parse(stdout.join(''))
    assert.deepEqual(Object.keys(summary), ['rows', 'output', 'model', 'version', 'seconds'])
    assert.deepEqual(
      { ...summary, seconds: 0 },
      { rows: 900, output, model: modelDir, version: null, seconds: 0 },
    )
    assert.deepEqual(stderr, [], 'no progress bar off a terminal')
    const written = await readDataset({ path: output }, { types: { label: 'categorical' } })
    assert.deepEqual(written.dataset.columnNames, ['x', 'k', 'label', 'probability_no', 'probability_yes'])
  })

  it('predicts with a registry version named by alias, drawing a progress bar on a terminal', async () => {
    const shipyard = await Shipyard.open({ home })
    try {
      const version = await shipyard.registry.createVersion({
        name: 'churn',
        onnx: model.toOnnx(),
        signature: model.signature,
        lineage: importedLineage('test'),
      })
      await shipyard.registry.setAlias('churn', 'production', version.version)
    } finally {
      await shipyard.close()
    }
    const output = join(dir, 'out.parquet')
    const { stdout, stderr } = await predict(
      ['--input', input, '--output', output, '--model', 'churn@production', '--keep', 'k'],
      true,
    )
    assert.match(stdout.join(''), /^Predicted 900 rows with model churn v1 into .*out\.parquet in \d+\.\d s/)
    assert.match(stderr.join(''), /predicting \[#+\] 100%/)
    assert.ok(stderr.at(-1)!.endsWith('\u001b[2K'), 'the bar is cleared at the end')
    const written = await readDataset({ path: output })
    assert.deepEqual(written.dataset.columnNames, ['k', 'label', 'probability_no', 'probability_yes'])
  })

  it('needs exactly one of --model and --model-dir', async () => {
    const output = join(dir, 'never.csv')
    await assert.rejects(predict(['--input', input, '--output', output]), {
      message: /^--model: give --model name@alias or --model-dir DIR, not both and not neither/,
    })
    await assert.rejects(
      predict(['--input', input, '--output', output, '--model', 'churn', '--model-dir', modelDir]),
      { code: 'INVALID_PARAMETER_VALUE' },
    )
    await assert.rejects(
      predict(['--input', input, '--output', output, '--model-dir', modelDir, '--chunk-rows', '0']),
      { message: /^--chunk-rows: '0' is not a positive whole number/ },
    )
    assert.equal(existsSync(output), false)
  })
})
