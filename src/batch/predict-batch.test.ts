import assert from 'node:assert/strict'
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type Dataset, readDataset, valueAt } from '../data/index.js'
import { duckdb } from '../data/loading/testing/temp-files.js'
import { type ModelSignature, type Predictions, type TrainedModel, train } from '../models/index.js'
import { importedLineage, type ModelVersion } from '../registry/index.js'
import { notFound } from '../shared/index.js'
import { loadModelDir, loadRegistryModel, type ModelReader } from './batch-model.js'
import { predictBatch } from './predict-batch.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-batch-'))
after(() => rmSync(dir, { recursive: true, force: true }))

// Customers: a number with missing values, a category, a boolean, a date, free text; two targets.
const customers = (rows: number, from: number) => `
  SELECT *,
    CASE WHEN (coalesce(tenure, 0) < 20 AND plan = 'basic') <> (hash(i, 5) % 10 = 0) THEN 'yes' ELSE 'no' END AS churned,
    coalesce(tenure, 30) * 2 + CASE plan WHEN 'max' THEN 30 ELSE 0 END + (hash(i, 6) % 100) / 10.0 AS spend
  FROM (SELECT i,
    CASE WHEN i % 11 = 0 THEN NULL ELSE (hash(i, 1) % 600) / 10.0 END AS tenure,
    ['basic', 'pro', 'max'][1 + (hash(i, 2) % 3)::INTEGER] AS plan,
    hash(i, 3) % 2 = 0 AS active,
    TIMESTAMP '2023-01-01' + INTERVAL (hash(i, 4) % 500) DAY AS signup,
    CASE WHEN i % 5 = 0 THEN NULL ELSE 'note ' || i END AS note
  FROM range(${from}, ${from + rows}) t(i))`
const SCORING = `SELECT tenure, plan, active, signup, note FROM (${customers(2500, 100_000)})`
const inputs = {
  csv: join(dir, 'in.csv'),
  parquet: join(dir, 'in.parquet'),
  jsonl: join(dir, 'in.jsonl'),
}
const CHUNK_ROWS = 700
let classifier: TrainedModel
let regressor: TrainedModel

before(async () => {
  const trainPath = join(dir, 'train.parquet')
  await duckdb(
    `COPY (SELECT * EXCLUDE (i) FROM (${customers(3000, 0)})) TO '${trainPath}' (FORMAT parquet);
     COPY (${SCORING}) TO '${inputs.parquet}' (FORMAT parquet);
     COPY (${SCORING}) TO '${inputs.csv}' (HEADER);
     COPY (${SCORING}) TO '${inputs.jsonl}' (FORMAT json)`,
  )
  const data = (await readDataset({ path: trainPath })).dataset.drop(['note'])
  const params = { num_trees: 10, threads: 1 }
  classifier = await train(data.drop(['spend']), { target: 'churned', params })
  regressor = await train(data.drop(['churned']), { target: 'spend', params })
  await classifier.save(join(dir, 'classifier'))
})

/** The reference: the in-process model over the whole input, loaded at once. */
async function inMemory(
  model: TrainedModel,
  input: string,
): Promise<{ data: Dataset; predictions: Predictions }> {
  const data = (await readDataset({ path: input })).dataset
  return { data, predictions: model.predict(data) }
}

function columnValues(data: Dataset, name: string): unknown[] {
  const column = data.column(name)
  return Array.from({ length: data.rowCount }, (_, i) => valueAt(column, i))
}

function assertClose(actual: unknown[], expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what)
  for (let i = 0; i < actual.length; i++) {
    const tolerance = 1e-6 * Math.max(1, Math.abs(expected[i]!))
    assert.ok(
      Math.abs((actual[i] as number) - expected[i]!) <= tolerance,
      `${what} row ${i}: ${actual[i]} vs ${expected[i]}`,
    )
  }
}

/** Files left in the test folder whose names say they are an output's temp files. */
function litter(): string[] {
  return readdirSync(dir).filter((name) => name.includes('shipyard-'))
}

describe('predictBatch', () => {
  for (const from of ['csv', 'parquet', 'jsonl'] as const) {
    for (const to of ['csv', 'parquet', 'jsonl'] as const) {
      it(`predicts ${from} into ${to} in chunks, as the model does on the whole file in memory`, async () => {
        const output = join(dir, `out-${from}.${to}`)
        const progress: number[] = []
        const summary = await predictBatch({
          input: inputs[from],
          output,
          model: await loadModelDir(join(dir, 'classifier')),
          chunkRows: CHUNK_ROWS,
          onProgress: (done) => progress.push(done),
        })
        assert.deepEqual(
          { ...summary, seconds: 0 },
          { rows: 2500, output, model: join(dir, 'classifier'), version: null, seconds: 0 },
        )
        assert.deepEqual(progress, [700, 1400, 2100, 2500])
        const { data, predictions } = await inMemory(classifier, inputs[from])
        // CSV carries no types, and DuckDB's sniffer reads a column of yes/no as booleans.
        const written = (await readDataset({ path: output }, { types: { label: 'categorical' } })).dataset
        assert.deepEqual(written.columnNames, [
          'tenure',
          'plan',
          'active',
          'signup',
          'note',
          'label',
          'probability_no',
          'probability_yes',
        ])
        for (const name of data.columnNames)
          assert.deepEqual(columnValues(written, name), columnValues(data, name), name)
        assert.deepEqual(columnValues(written, 'label'), predictions.labels)
        const p = predictions.probabilities!
        assertClose(
          columnValues(written, 'probability_no'),
          p.filter((_, i) => i % 2 === 0),
          'probability_no',
        )
        assertClose(
          columnValues(written, 'probability_yes'),
          p.filter((_, i) => i % 2 === 1),
          'probability_yes',
        )
      })
    }
  }

  it('predicts with a registry version named by alias, keeping only the columns asked for', async () => {
    const onnx = regressor.toOnnx()
    const version = registryVersion('spend', 4, regressor)
    const registry: ModelReader = {
      resolve: async (name, alias) => {
        if (name === 'spend' && (alias === 'production' || alias === '4')) return version
        throw notFound('alias', `${name}@${alias}`)
      },
      readModel: async (name, number) => {
        assert.deepEqual([name, number], ['spend', 4])
        return onnx
      },
    }
    const production = { name: 'spend', ref: { kind: 'alias', alias: 'production' } } as const
    const model = await loadRegistryModel(registry, production)
    const output = join(dir, 'spend.parquet')
    const summary = await predictBatch({
      input: inputs.parquet,
      output,
      model,
      keep: ['note', 'plan'],
      chunkRows: CHUNK_ROWS,
    })
    assert.equal(summary.model, 'spend')
    assert.equal(summary.version, 4)
    const written = (await readDataset({ path: output })).dataset
    assert.deepEqual(written.columnNames, ['note', 'plan', 'prediction'])
    const { data, predictions } = await inMemory(regressor, inputs.parquet)
    assert.deepEqual(columnValues(written, 'note'), columnValues(data, 'note'))
    assertClose(columnValues(written, 'prediction'), predictions.values!, 'prediction')
    const pinned = await loadRegistryModel(registry, { name: 'spend', ref: { kind: 'version', version: 4 } })
    assert.equal(pinned.version, 4)
    await assert.rejects(
      loadRegistryModel(registry, { name: 'spend', ref: { kind: 'alias', alias: 'staging' } }),
      {
        code: 'RESOURCE_DOES_NOT_EXIST',
      },
    )
  })

  it('names every missing input column before reading a row, and writes nothing', async () => {
    const input = join(dir, 'partial.csv')
    await duckdb(`COPY (SELECT tenure, note FROM (${SCORING})) TO '${input}' (HEADER)`)
    const output = join(dir, 'partial-out.csv')
    await assert.rejects(
      predictBatch({ input, output, model: await loadModelDir(join(dir, 'classifier')) }),
      (error: { code: string; message: string; details: { missing: string[] } }) => {
        assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
        assert.match(
          error.message,
          /partial\.csv has no column 'plan', 'active', 'signup', which the model in .*classifier takes/,
        )
        assert.deepEqual(error.details.missing, ['plan', 'active', 'signup'])
        return true
      },
    )
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith('partial-out')),
      [],
    )
  })

  it('leaves no output and no temp files when a later chunk fails, and an existing output untouched', async () => {
    const input = join(dir, 'bad.parquet')
    await duckdb(
      `COPY (SELECT * REPLACE (CASE WHEN row_number() OVER () = 2000 THEN 'lots' ELSE tenure::VARCHAR END AS tenure)
       FROM (${SCORING})) TO '${input}' (FORMAT parquet)`,
    )
    for (const format of ['csv', 'parquet'] as const) {
      const output = join(dir, `kept.${format}`)
      writeFileSync(output, 'the previous output\n')
      await assert.rejects(
        predictBatch({
          input,
          output,
          model: await loadModelDir(join(dir, 'classifier')),
          chunkRows: CHUNK_ROWS,
        }),
        {
          code: 'INVALID_PARAMETER_VALUE',
          message: /bad\.parquet row 2000, column 'tenure': 'lots' is not a number/,
        },
      )
      assert.equal(readFileSync(output, 'utf8'), 'the previous output\n')
      assert.deepEqual(litter(), [])
    }
  })

  it('refuses kept columns that clash with a prediction, unknown kept columns, and an unknown output format', async () => {
    const model = await loadModelDir(join(dir, 'classifier'))
    const input = join(dir, 'has-label.csv')
    await duckdb(`COPY (SELECT *, 'x' AS Label FROM (${SCORING})) TO '${input}' (HEADER)`)
    await assert.rejects(predictBatch({ input, output: join(dir, 'o.csv'), model }), {
      message: /^keep: input column 'Label' would clash with the prediction column/,
    })
    await assert.rejects(predictBatch({ input, output: join(dir, 'o.csv'), model, keep: ['plann'] }), {
      message: /^keep: .* has no column 'plann' \(did you mean 'plan'\?\)/,
    })
    await assert.rejects(
      predictBatch({ input, output: join(dir, 'nowhere', 'o.csv'), model, keep: ['plan'] }),
      {
        message: /^output: folder '.*nowhere' does not exist/,
      },
    )
    await assert.rejects(predictBatch({ input, output: join(dir, 'o.xlsx'), model }), {
      message: /^output: cannot tell the format of .*o\.xlsx.*\.csv .jsonl .ndjson .parquet .pq/,
    })
    assert.deepEqual(litter(), [])
  })

  it('writes the columns and no rows for an input with none', async () => {
    const input = join(dir, 'empty.parquet')
    await duckdb(`COPY (${SCORING} LIMIT 0) TO '${input}' (FORMAT parquet)`)
    const output = join(dir, 'empty-out.parquet')
    const summary = await predictBatch({ input, output, model: await loadModelDir(join(dir, 'classifier')) })
    assert.equal(summary.rows, 0)
    const written = await readDataset({ path: output })
    assert.equal(written.dataset.rowCount, 0)
    assert.deepEqual(written.dataset.columnNames.slice(-3), ['label', 'probability_no', 'probability_yes'])
  })
})

describe('a model exported elsewhere', () => {
  it('fills its one matrix input from the columns its signature names, and numbers classes it does not list', async () => {
    const folder = join(dir, 'foreign')
    mkdirSync(folder)
    copyFileSync(
      fileURLToPath(new URL('../../test/fixtures/foreign-onnx/logreg-3class.onnx', import.meta.url)),
      join(folder, 'model.onnx'),
    )
    const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
    const signature: ModelSignature = {
      format: 'shipyard.signature',
      version: 1,
      task: 'multiclass',
      target: 'species',
      inputs: [
        { name: 'float_input', type: 'float', shape: [-1, 4], columnType: 'numeric', columns: features },
      ],
      outputs: [
        { name: 'label', type: 'int64', shape: [-1] },
        { name: 'probabilities', type: 'float', shape: [-1, 3] },
      ],
    }
    writeFileSync(join(folder, 'signature.json'), JSON.stringify(signature))
    const input = join(dir, 'iris.csv')
    await duckdb(
      `COPY (SELECT i AS id, ${features.map((f, j) => `((hash(i, ${j}) % 80) / 10.0) AS ${f}`).join(', ')}
       FROM range(1000) t(i)) TO '${input}' (HEADER)`,
    )
    const output = join(dir, 'iris-out.parquet')
    await predictBatch({ input, output, model: await loadModelDir(folder), keep: ['id'], chunkRows: 300 })
    const written = (await readDataset({ path: output })).dataset
    assert.deepEqual(written.columnNames, ['id', 'label', 'probability_0', 'probability_1', 'probability_2'])
    const data = (await readDataset({ path: input })).dataset
    // The fixture's weights (make-fixtures.py): softmax(x W + b), label the most probable class.
    const W = [0.5, 0, -0.5, 1, -0.5, -0.5, -1, 0.25, 0.75, -0.5, -0.25, 0.75]
    const b = [0.1, 0, -0.1]
    for (let row = 0; row < data.rowCount; row++) {
      const x = features.map((f) => valueAt(data.column(f), row) as number)
      const logits = b.map((bias, c) => bias + x.reduce((sum, v, f) => sum + v * W[f * 3 + c]!, 0))
      const exp = logits.map((l) => Math.exp(l - Math.max(...logits)))
      const total = exp.reduce((a, e) => a + e, 0)
      for (let c = 0; c < 3; c++) {
        const p = valueAt(written.column(`probability_${c}`), row) as number
        assert.ok(Math.abs(p - exp[c]! / total) < 1e-5, `row ${row} class ${c}: ${p}`)
      }
      assert.equal(valueAt(written.column('label'), row), logits.indexOf(Math.max(...logits)))
    }
  })
})

describe('model sources', () => {
  it('refuses a folder that is not a saved model, naming the file', async () => {
    await assert.rejects(loadModelDir(join(dir, 'nowhere')), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /nowhere\/model\.onnx does not exist: not a saved model folder/,
    })
  })
})

function registryVersion(name: string, version: number, model: TrainedModel): ModelVersion {
  return {
    name,
    version,
    creationTime: 0,
    lastUpdatedTime: 0,
    description: '',
    tags: {},
    sha256: '0'.repeat(64),
    sizeBytes: 0,
    artifactUri: 'memory:',
    signature: model.signature,
    metrics: {},
    lineage: importedLineage('test'),
    aliases: ['production'],
  }
}
