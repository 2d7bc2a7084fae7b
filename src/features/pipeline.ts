import type { Column, Dataset } from '../data/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import type { FeatureStep, FitContext, Frame, StepSpecBase } from './feature-step.js'
import {
  datasetFrame,
  type FeatureMatrix,
  frameToMatrix,
  isFeatureColumn,
  PipelineFrame,
  type PipelineInput,
  withScratch,
} from './pipeline-io.js'
import type { StepSpec } from './step-spec.js'
import { STEPS } from './steps/index.js'

/**
 * A feature pipeline as the user writes it: steps applied in order to the frame of raw columns, then
 * `output`, the feature columns in order. Without `output`, the features are every numeric and boolean
 * column of the final frame in frame order: the raw columns in dataset order (a step that replaces a
 * column keeps its place), then the columns steps added, in step order. A categorical, text or
 * datetime column left over is then an error naming it: encode it with a step or list `output`.
 */
export interface PipelineSpec<S extends StepSpecBase = StepSpec> {
  readonly steps: readonly S[]
  readonly output?: readonly string[]
}

/**
 * A fitted pipeline: plain JSON (`JSON.parse(JSON.stringify(p))` works everywhere `p` does), saved with
 * the model. `inputs` are the raw columns the transform and the ONNX graph read, in dataset order,
 * with the types they were fitted on; the target is never one of them. A raw column is an input when it
 * is a feature or some step reads it (found by tracking the steps' `frame.get` calls at fit time, which
 * is how every step reads its columns), even if that step's outputs are not features.
 */
export interface FittedPipeline<S extends StepSpecBase = StepSpec> {
  readonly format: 'shipyard.feature-pipeline'
  readonly version: 1
  readonly spec: PipelineSpec<S>
  readonly target: string | null
  readonly seed: number
  readonly inputs: readonly PipelineInput[]
  /** Each step's fitted form (its spec plus statistics), in order. */
  readonly steps: readonly { readonly spec: S }[]
  readonly featureNames: readonly string[]
}

/** Options of `fitPipeline`. */
export interface FitPipelineOptions {
  /** The label column: excluded from the inputs, given to supervised steps (target encoding). */
  readonly target?: string
  /** Seeds fold assignment and anything else random (default 0); recorded in the fitted pipeline. */
  readonly seed?: number
}

export type { FeatureMatrix, PipelineInput } from './pipeline-io.js'

/**
 * Fits the pipeline on training data: each step is fitted on the output of the steps before it (their
 * training transform, so target encoding is out-of-fold downstream too). Step errors are
 * `INVALID_PARAMETER_VALUE` prefixed with the step's place (`steps[2] (impute): column 'age' ...`).
 * A missing target column, an unknown output column or a non-numeric feature are errors too.
 */
export function fitPipeline(
  spec: PipelineSpec,
  dataset: Dataset,
  options: FitPipelineOptions = {},
): FittedPipeline {
  return fitWith(registeredStep, spec, dataset, options)
}

/** Applies a fitted pipeline to new data (any extra columns are ignored; the inputs must be there). */
export function transform(fitted: FittedPipeline, dataset: Dataset): FeatureMatrix {
  return transformWith(registeredStep, fitted, dataset, false)
}

/**
 * The features of the training data itself, for the trainer: as `transform`, except that steps with a
 * training transform use it (out-of-fold target encoding), seeded as at fit time. Needs the target column.
 */
export function transformTraining(fitted: FittedPipeline, dataset: Dataset): FeatureMatrix {
  return transformWith(registeredStep, fitted, dataset, true)
}

/** A step handler as the pipeline drives it: any spec, any fitted form. */
export type AnyFeatureStep = FeatureStep<StepSpecBase, { readonly spec: StepSpecBase }>

/** Finds the handler of a step spec. */
export type StepLookup = (spec: StepSpecBase) => AnyFeatureStep

/** The handler in the registry; `INVALID_PARAMETER_VALUE` for an unknown type. */
export function registeredStep(spec: StepSpecBase): AnyFeatureStep {
  const step = Object.hasOwn(STEPS, spec.type) ? STEPS[spec.type as keyof typeof STEPS] : undefined
  if (!step) {
    const known = Object.keys(STEPS)
      .map((t) => `'${t}'`)
      .join(', ')
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `unknown step type '${spec.type}'; the types are ${known}`,
    )
  }
  // Each entry is typed for its own spec; the spec's `type` is what selected it.
  return step as unknown as AnyFeatureStep
}

/** `fitPipeline` over any step lookup (the parity harness uses it for steps not registered yet). */
export function fitWith<S extends StepSpecBase>(
  lookup: StepLookup,
  spec: PipelineSpec<S>,
  dataset: Dataset,
  options: FitPipelineOptions = {},
): FittedPipeline<S> {
  const target = options.target ?? null
  const context: FitContext = {
    seed: options.seed ?? 0,
    ...(target === null ? {} : { target: dataset.column(target) }),
  }
  const raw = datasetFrame(dataset, null, target ?? undefined)
  let frame = withScratch(raw, raw)
  const reads: Set<string>[] = []
  const produced: Set<string>[] = []
  const steps = spec.steps.map((stepSpec, index) => {
    const columns = (stepSpec as { columns?: unknown }).columns
    if (target !== null && Array.isArray(columns) && columns.includes(target)) {
      throw invalidValue(`steps[${index}].columns`, `'${target}' is the target; it cannot be a feature input`)
    }
    const step = lookup(stepSpec)
    const tracked = new ReadTrackingFrame(frame)
    const { fitted, next } = atStep(index, stepSpec, () => {
      const fitted = step.fit(stepSpec, tracked, context)
      const next = step.transformTraining
        ? step.transformTraining(fitted, tracked, context)
        : step.transform(fitted, tracked)
      return { fitted, next }
    })
    reads.push(tracked.reads)
    // Iterated, not looked up: `next` may be the tracked frame itself, and a lookup would count as a read.
    const changed = new Set<string>()
    for (const [name, column] of next) if (column !== frame.get(name)) changed.add(name)
    produced.push(changed)
    frame = withScratch(next, raw)
    return fitted as { readonly spec: S }
  })
  const featureNames = outputColumns(frame, spec.output)
  // Walk back from the features to the raw columns they depend on: those are the graph inputs.
  const needed = new Set(featureNames)
  for (let i = steps.length - 1; i >= 0; i--) {
    for (const name of produced[i]!) needed.delete(name)
    for (const name of reads[i]!) needed.add(name)
  }
  const inputs = [...raw.values()]
    .filter((column) => needed.has(column.name))
    .map((column) => ({ name: column.name, type: column.type }))
  return {
    format: 'shipyard.feature-pipeline',
    version: 1,
    spec,
    target,
    seed: context.seed,
    inputs,
    steps,
    featureNames,
  }
}

/** `transform` / `transformTraining` over any step lookup. */
export function transformWith(
  lookup: StepLookup,
  fitted: FittedPipeline<StepSpecBase>,
  dataset: Dataset,
  training: boolean,
): FeatureMatrix {
  let context: FitContext = { seed: fitted.seed }
  if (training && fitted.target !== null) context = { ...context, target: dataset.column(fitted.target) }
  const raw = datasetFrame(dataset, fitted.inputs)
  let frame = withScratch(raw, raw)
  fitted.steps.forEach((stepFitted, index) => {
    const step = lookup(stepFitted.spec)
    const next = atStep(index, stepFitted.spec, () =>
      training && step.transformTraining
        ? step.transformTraining(stepFitted, frame, context)
        : step.transform(stepFitted, frame),
    )
    frame = withScratch(next, raw)
  })
  return frameToMatrix(frame, fitted.featureNames, dataset.rowCount)
}

/** Runs `body`, prefixing a step's error with its place in the pipeline. */
export function atStep<T>(index: number, spec: StepSpecBase, body: () => T): T {
  try {
    return body()
  } catch (error) {
    if (!(error instanceof ShipyardError)) throw error
    // Step helpers already name the step type (`impute: column 'x' ...`); say it once.
    const message = error.message.startsWith(`${spec.type}: `)
      ? error.message.slice(spec.type.length + 2)
      : error.message
    throw new ShipyardError(error.code, `steps[${index}] (${spec.type}): ${message}`, {
      details: { ...error.details, step: index },
      cause: error,
    })
  }
}

function outputColumns(frame: Frame, output: readonly string[] | undefined): string[] {
  if (output) {
    const missing = output.filter((name) => !frame.has(name))
    if (missing.length > 0) {
      const there = quoteAll([...frame.keys()])
      throw outputError(
        `output: no column ${quoteAll(missing)} after the last step; the columns are ${there}`,
      )
    }
  }
  const names = output ? [...output] : [...frame.keys()]
  const leftovers = names.filter((name) => !isFeatureColumn(frame.get(name)!))
  if (leftovers.length > 0) {
    const described = leftovers.map((name) => `'${name}' (${frame.get(name)!.type})`).join(', ')
    throw outputError(
      `output: ${described} cannot be a feature; encode categorical and text columns (one_hot, ordinal, ` +
        `target_encode, hash), split datetimes (datetime_parts), or list the features in 'output'`,
    )
  }
  if (names.length === 0) throw outputError('output: the pipeline produces no feature column')
  return names
}

function outputError(message: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', message, { details: { field: 'output' } })
}

function quoteAll(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ')
}

// Records which columns a step reads (`get`), so that the pipeline knows which raw columns the
// features depend on. Copying the frame (iteration) is not a read.
class ReadTrackingFrame extends PipelineFrame {
  readonly reads = new Set<string>()

  constructor(frame: PipelineFrame) {
    super(frame, frame.scratchNames)
  }

  override get(name: string): Column | undefined {
    this.reads.add(name)
    return super.get(name)
  }
}
