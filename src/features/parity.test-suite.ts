import assert from 'node:assert/strict'
import type { Dataset } from '../data/index.js'
import { OnnxSession } from '../onnx/index.js'
import { modelWith, onnxFeeds } from './compile-pipeline.js'
import type { StepSpecBase } from './feature-step.js'
import {
  type AnyFeatureStep,
  type FittedPipeline,
  fitWith,
  type PipelineSpec,
  registeredStep,
  type StepLookup,
  transformWith,
} from './pipeline.js'
import type { FeatureMatrix } from './pipeline-io.js'

/** Options of `assertOnnxParity`. */
export interface ParityOptions {
  /** The label column (target encoding); excluded from the inputs. */
  readonly target?: string
  readonly seed?: number
  /** Largest allowed absolute difference per cell (default 1e-6). NaN must meet NaN, ±Infinity its twin. */
  readonly tolerance?: number
  /** Handlers for step types not in the registry yet (a step under development): type -> step. */
  readonly steps?: Readonly<Record<string, AnyFeatureStep>>
}

/** What the check computed, for further assertions. */
export interface ParityResult {
  /** The fitted pipeline after a JSON round trip (the form that was transformed and compiled). */
  readonly fitted: FittedPipeline<StepSpecBase>
  /** The TypeScript transform of `apply`. */
  readonly matrix: FeatureMatrix
  readonly maxAbsDiff: number
}

/**
 * The ONNX parity check every step must pass: fits `spec` on `train`, round-trips the fitted pipeline
 * through JSON, then transforms `apply` in TypeScript and runs the compiled graph on it in onnxruntime.
 * Asserts the same shape, the same feature names, a TypeScript transform identical before and after
 * the JSON round trip, and every cell within `tolerance`; on failure the message names the worst cell
 * (row, feature, both values) and how many cells differ.
 *
 * @example
 * await assertOnnxParity({ steps: [{ type: 'standard_scale', columns: ['amount'] }] }, train, apply)
 */
export async function assertOnnxParity<S extends StepSpecBase>(
  spec: PipelineSpec<S>,
  train: Dataset,
  apply: Dataset,
  options: ParityOptions = {},
): Promise<ParityResult> {
  const lookup: StepLookup = (s) => options.steps?.[s.type] ?? registeredStep(s)
  const fitOptions = { ...(options.target ? { target: options.target } : {}), seed: options.seed ?? 0 }
  const original = fitWith(lookup, spec, train, fitOptions)
  const fitted = JSON.parse(JSON.stringify(original)) as typeof original
  const matrix = transformWith(lookup, fitted, apply, false)
  const direct = transformWith(lookup, original, apply, false)
  assert.ok(
    sameBits(matrix.values, direct.values),
    'the transform changes after a JSON round trip of the fitted pipeline',
  )

  const session = await OnnxSession.load(modelWith(lookup, fitted))
  let result: Awaited<ReturnType<OnnxSession['run']>>
  try {
    result = await session.run(onnxFeeds(fitted, apply))
  } finally {
    await session.release()
  }
  const features = result.features
  assert.ok(features, 'the model has no output named features')
  assert.deepEqual(features.dims, [apply.rowCount, matrix.names.length], 'ONNX output shape [N, F]')
  const onnx = features.data as Float32Array
  const worst = compare(matrix.values, onnx, options.tolerance ?? 1e-6)
  if (worst.failures > 0) {
    const width = matrix.names.length
    const row = Math.floor(worst.index / width)
    const feature = worst.index % width
    assert.fail(
      `ONNX and TypeScript features differ in ${worst.failures} cell(s); worst at row ${row}, feature ` +
        `'${matrix.names[feature]}' (column ${feature}): TypeScript ${matrix.values[worst.index]}, ONNX ` +
        `${onnx[worst.index]}, |diff| ${worst.diff}`,
    )
  }
  return { fitted, matrix, maxAbsDiff: worst.diff }
}

function compare(
  a: Float32Array,
  b: Float32Array,
  tolerance: number,
): { index: number; diff: number; failures: number } {
  let index = -1
  let worstDiff = 0
  let failures = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue
    // NaN against a number, or Infinity against anything else, is an infinite difference.
    const diff = Number.isNaN(x - y) ? Infinity : Math.abs(x - y)
    if (diff > tolerance) failures++
    if (diff > worstDiff || index === -1) {
      worstDiff = diff
      index = i
    }
  }
  return { index, diff: worstDiff, failures }
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}
