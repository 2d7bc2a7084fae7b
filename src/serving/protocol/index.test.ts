import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Dataset } from '../../data/index.js'
import { type TrainedModel, train } from '../../models/index.js'
import { type OnnxResult, OnnxSession } from '../../onnx/index.js'
import {
  buildFeeds,
  type ClassPrediction,
  decodeCsv,
  decodeMlflowJson,
  decodeV1,
  decodeV2,
  mlflowResponse,
  predictionRows,
  type RowBatch,
  v2Response,
} from './index.js'
import { foreignFixture, LINREG_SIGNATURE, LOGREG_SIGNATURE } from './testing/signatures.js'

// The path a request takes through a server, end to end: decode, feed, run, read the predictions.
const OPTIONS = { unknownColumns: 'reject', maxRows: 1000 } as const
const CITIES = ['oslo', 'lima', 'pune', 'fez']
const DAY = 86_400_000

/** Deterministic rows of every column type, with missing values, and three targets. */
function rows(n: number, offset = 0) {
  return Array.from({ length: n }, (_, r) => {
    const i = r + offset
    const age = i % 11 === 3 ? null : 20 + ((i * 7) % 50)
    const member = i % 3 === 0
    return {
      age,
      city: i % 13 === 5 ? null : CITIES[i % 4]!,
      member,
      signup: Date.UTC(2020, 0, 1) + ((i * 37) % 900) * DAY,
      churned: (age ?? 40) > 45 !== member ? 1 : 0,
      tier: (age ?? 40) < 35 ? 'low' : (age ?? 40) < 55 ? 'mid' : 'high',
      spend: 2 * (age ?? 40) + (member ? 15 : 0) + (i % 4),
    }
  })
}

type Row = ReturnType<typeof rows>[number]

function dataset(data: readonly Row[]): Dataset {
  return Dataset.fromColumns([
    { name: 'age', type: 'numeric', values: Float64Array.from(data, (r) => r.age ?? Number.NaN) },
    {
      name: 'city',
      type: 'categorical',
      dictionary: CITIES,
      codes: Int32Array.from(data, (r) => (r.city ? CITIES.indexOf(r.city) : -1)),
    },
    { name: 'member', type: 'boolean', values: Int8Array.from(data, (r) => (r.member ? 1 : 0)) },
    { name: 'signup', type: 'datetime', values: Float64Array.from(data, (r) => r.signup) },
    { name: 'churned', type: 'numeric', values: Float64Array.from(data, (r) => r.churned) },
    {
      name: 'tier',
      type: 'categorical',
      dictionary: ['low', 'mid', 'high'],
      codes: Int32Array.from(data, (r) => ['low', 'mid', 'high'].indexOf(r.tier)),
    },
    { name: 'spend', type: 'numeric', values: Float64Array.from(data, (r) => r.spend) },
  ])
}

const TRAIN = rows(160)
const REQUEST = rows(6, 1000)
// What a client sends: JSON values, the date as ISO-8601, the other targets left out.
const INSTANCES = REQUEST.map(({ age, city, member, signup }) => ({
  age,
  city,
  member,
  signup: new Date(signup).toISOString(),
}))
const OTHER_TARGETS = {
  churned: ['tier', 'spend'],
  tier: ['churned', 'spend'],
  spend: ['churned', 'tier'],
} as const

async function trainFor(target: keyof typeof OTHER_TARGETS): Promise<TrainedModel> {
  return train(dataset(TRAIN).drop([...OTHER_TARGETS[target]]), {
    target,
    seed: 1,
    params: { num_trees: 8, min_data_in_leaf: 5 },
  })
}

async function run(model: Uint8Array | string, batch: RowBatch, signature: TrainedModel['signature']) {
  const session = await OnnxSession.load(model)
  try {
    return await session.run(buildFeeds(batch, signature, OPTIONS))
  } finally {
    await session.release()
  }
}

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-5 * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  )
}

describe('serving a Shipyard model', () => {
  const models = {} as Record<keyof typeof OTHER_TARGETS, TrainedModel>
  before(async () => {
    for (const target of ['churned', 'tier', 'spend'] as const) models[target] = await trainFor(target)
  })

  for (const target of ['churned', 'tier'] as const) {
    it(`answers as TrainedModel.predict does for a ${target === 'churned' ? 'binary' : 'multiclass'} classifier`, async () => {
      const model = models[target]
      const results = await run(
        model.toOnnx(),
        decodeV1({ instances: INSTANCES }, model.signature),
        model.signature,
      )
      const answered = predictionRows(results, model.signature) as ClassPrediction[]
      const expected = model.predict(dataset(REQUEST))
      const classes = expected.classes!
      assert.equal(answered.length, REQUEST.length)
      answered.forEach((row, r) => {
        assert.equal(row.label, expected.labels![r])
        assert.deepEqual(Object.keys(row.probabilities), classes.map(String))
        classes.forEach((c, k) => {
          assertClose(
            row.probabilities[String(c)]!,
            expected.probabilities![r * classes.length + k]!,
            `row ${r} class ${c}`,
          )
        })
      })
    })
  }

  it('answers as TrainedModel.predict does for a regressor, from MLflow JSON and CSV alike', async () => {
    const model = models.spend
    const split = {
      dataframe_split: {
        columns: ['age', 'city', 'member', 'signup'],
        data: INSTANCES.map((r) => [r.age, r.city, r.member, r.signup]),
      },
    }
    const csv = [
      'age,city,member,signup',
      ...INSTANCES.map((r) => [r.age ?? '', r.city ?? '', r.member, r.signup].join(',')),
    ].join('\n')
    const expected = model.predict(dataset(REQUEST)).values!
    for (const batch of [decodeMlflowJson(split, model.signature).batch, decodeCsv(csv, model.signature)]) {
      const answered = mlflowResponse(
        predictionRows(await run(model.toOnnx(), batch, model.signature), model.signature),
      )
      assert.equal(answered.predictions.length, REQUEST.length)
      answered.predictions.forEach((value, r) => {
        assertClose(value as number, expected[r]!, `row ${r}`)
      })
    }
  })

  it('answers a V2 request with the same numbers as a V1 request, typed as the protocol says', async () => {
    const model = models.churned
    const v2 = decodeV2({
      id: 'req-7',
      inputs: [
        { name: 'age', shape: [6, 1], datatype: 'FP64', data: INSTANCES.map((r) => r.age) },
        { name: 'city', shape: [6, 1], datatype: 'BYTES', data: INSTANCES.map((r) => r.city) },
        { name: 'member', shape: [6], datatype: 'BOOL', data: INSTANCES.map((r) => r.member) },
        { name: 'signup', shape: [6], datatype: 'INT64', data: REQUEST.map((r) => r.signup) },
      ],
    })
    const viaV2 = await run(model.toOnnx(), v2.batch, model.signature)
    const viaV1 = await run(
      model.toOnnx(),
      decodeV1({ instances: INSTANCES }, model.signature),
      model.signature,
    )
    assert.deepEqual(viaV2, viaV1)
    const response = v2Response(viaV2, {
      modelName: 'churn',
      modelVersion: '1',
      id: v2.id!,
      outputs: ['probabilities', 'label'],
    })
    assert.deepEqual(
      response.outputs.map(({ name, datatype, shape }) => ({ name, datatype, shape })),
      [
        { name: 'probabilities', datatype: 'FP32', shape: [6, 2] },
        { name: 'label', datatype: 'INT64', shape: [6] },
      ],
    )
    assert.deepEqual(response.outputs[1]!.data, Array.from(viaV2.label!.data as BigInt64Array, Number))
  })
})

describe('serving a model made elsewhere (test/fixtures/foreign-onnx)', () => {
  const sessions: OnnxSession[] = []
  after(() => Promise.all(sessions.map((s) => s.release())))

  it('loads the fixtures with the inputs and outputs their README describes', async () => {
    const logreg = await OnnxSession.load(foreignFixture('logreg-3class.onnx'))
    const linreg = await OnnxSession.load(foreignFixture('linreg.onnx'))
    sessions.push(logreg, linreg)
    assert.deepEqual(
      logreg.inputs.map((i) => [i.name, i.type, i.shape.length]),
      [['float_input', 'float', 2]],
    )
    assert.deepEqual(
      logreg.outputs.map((o) => [o.name, o.type]),
      [
        ['label', 'int64'],
        ['probabilities', 'float'],
      ],
    )
    assert.deepEqual(
      linreg.outputs.map((o) => [o.name, o.type]),
      [['variable', 'float']],
    )
  })

  it('reads the 3-class logistic regression from named columns and from matrix rows alike', async () => {
    const iris = [
      [5.1, 3.5, 1.4, 0.2],
      [6.7, 3.0, 5.2, 2.3],
    ]
    const named = {
      instances: iris.map(([a, b, c, d]) => ({
        sepal_length: a,
        sepal_width: b,
        petal_length: c,
        petal_width: d,
      })),
    }
    const fromColumns = predictionRows(
      await run(foreignFixture('logreg-3class.onnx'), decodeV1(named, LOGREG_SIGNATURE), LOGREG_SIGNATURE),
      LOGREG_SIGNATURE,
    ) as ClassPrediction[]
    const fromRows = predictionRows(
      await run(
        foreignFixture('logreg-3class.onnx'),
        decodeV1({ instances: iris }, LOGREG_SIGNATURE),
        LOGREG_SIGNATURE,
      ),
      LOGREG_SIGNATURE,
    )
    assert.deepEqual(fromRows, fromColumns)
    fromColumns.forEach((row, r) => {
      const expected = softmax(logregScores(iris[r]!))
      expected.forEach((p, k) => {
        assertClose(row.probabilities[String(k)]!, p, `row ${r} class ${k}`)
      })
      assert.equal(row.label, expected.indexOf(Math.max(...expected)))
    })
    assert.deepEqual(
      fromColumns.map((row) => row.label),
      [0, 2],
    )
  })

  it("reads the linear regression's `variable` output as one value per row", async () => {
    const x = [
      [1, 2, 3],
      [0, -1, 4],
    ]
    const results: Record<string, OnnxResult> = await run(
      foreignFixture('linreg.onnx'),
      decodeV1({ inputs: { x1: [1, 0], x2: [2, -1], x3: [3, 4] } }, LINREG_SIGNATURE),
      LINREG_SIGNATURE,
    )
    const values = predictionRows(results, LINREG_SIGNATURE) as number[]
    values.forEach((v, r) => {
      assertClose(v, 2 * x[r]![0]! - x[r]![1]! + 0.5 * x[r]![2]! + 0.25, `row ${r}`)
    })
  })
})

// The fixture's fixed weights (make-fixtures.py), to check onnxruntime's answer by hand.
const COEF = [
  [0.5, 0.0, -0.5],
  [1.0, -0.5, -0.5],
  [-1.0, 0.25, 0.75],
  [-0.5, -0.25, 0.75],
]
const INTERCEPT = [0.1, 0.0, -0.1]

function logregScores(x: readonly number[]): number[] {
  return INTERCEPT.map((b, k) => x.reduce((sum, v, f) => sum + v * COEF[f]![k]!, b))
}

function softmax(scores: readonly number[]): number[] {
  const top = Math.max(...scores)
  const e = scores.map((s) => Math.exp(s - top))
  const total = e.reduce((a, b) => a + b, 0)
  return e.map((v) => v / total)
}
