import type { ColumnType, Dataset } from '../data/index.js'
import { attr, DEFAULT_OPSETS, type OnnxFeed, OnnxGraphBuilder, type Opsets } from '../onnx/index.js'
import { ShipyardError } from '../shared/index.js'
import type { OnnxColumn, OnnxFrame, StepSpecBase } from './feature-step.js'
import { atStep, type FittedPipeline, registeredStep, type StepLookup } from './pipeline.js'
import { datasetFrame, type PipelineInput } from './pipeline-io.js'
import { STEP_OPSETS } from './steps/index.js'

/** A graph input: one raw column as an [N, 1] tensor. */
export interface OnnxPipelineInput {
  readonly name: string
  readonly type: OnnxColumn['type']
}

/** The pipeline inside a graph: where its inputs come in and where the features come out. */
export interface CompiledPipeline {
  readonly graph: OnnxGraphBuilder
  /** One per fitted input, in order, named as the column. */
  readonly inputs: readonly OnnxPipelineInput[]
  /** The float [N, F] feature tensor, columns in `featureNames` order. */
  readonly features: string
  readonly featureNames: readonly string[]
  /**
   * The operator sets the graph needs: the defaults plus those of its steps (the hash step needs
   * onnxruntime's `com.microsoft`). Pass them to `graph.toModel({ opsets })`, merged with the model's own.
   */
  readonly opsets: Opsets
}

/** How a column type travels through the graph: numbers, booleans (1/0) and epoch ms as double, the rest as string. */
export const ONNX_TYPE_OF: { readonly [T in ColumnType]: OnnxColumn['type'] } = {
  numeric: 'double',
  boolean: 'double',
  datetime: 'double',
  categorical: 'string',
  text: 'string',
}

/**
 * Emits the fitted pipeline into `graph` (a new one by default) so that a trainer can append its model
 * to the feature tensor. Inputs are added under the column names, so call this before adding anything
 * else to a shared graph. The graph computes in double and casts to float once at the end, exactly as
 * `transform` does.
 */
export function compilePipelineToOnnx(fitted: FittedPipeline, graph?: OnnxGraphBuilder): CompiledPipeline {
  return compileWith(registeredStep, fitted, graph)
}

/**
 * A standalone model of the pipeline: inputs as in `compilePipelineToOnnx`, one output `features`
 * (float [N, F]). Metadata `feature_names` holds the feature names as a JSON array.
 */
export function pipelineToOnnxModel(fitted: FittedPipeline): Uint8Array {
  return modelWith(registeredStep, fitted)
}

/**
 * The feeds for the compiled graph from a dataset: each input column as an [N, 1] tensor, double with
 * NaN for missing (booleans 1/0), or string with `''` for missing. A missing input column is
 * `INVALID_PARAMETER_VALUE`; extra columns are ignored.
 */
export function onnxFeeds(
  fitted: Pick<FittedPipeline, 'inputs'>,
  dataset: Dataset,
): Record<string, OnnxFeed> {
  const frame = datasetFrame(dataset, fitted.inputs)
  const dims = [dataset.rowCount, 1]
  const feeds: Record<string, OnnxFeed> = {}
  for (const column of frame.values()) {
    switch (column.type) {
      case 'numeric':
      case 'datetime':
        feeds[column.name] = { type: 'double', data: Float64Array.from(column.values), dims }
        break
      case 'boolean':
        feeds[column.name] = {
          type: 'double',
          data: Float64Array.from(column.values, (v) => (v === -1 ? Number.NaN : v)),
          dims,
        }
        break
      case 'categorical':
        feeds[column.name] = {
          type: 'string',
          data: Array.from(column.codes, (c) => column.dictionary[c] ?? ''),
          dims,
        }
        break
      case 'text':
        feeds[column.name] = { type: 'string', data: column.values.map((v) => v ?? ''), dims }
        break
    }
  }
  return feeds
}

type CompilablePipeline = Pick<FittedPipeline<StepSpecBase>, 'inputs' | 'featureNames' | 'steps'>

/** `compilePipelineToOnnx` over any step lookup. */
export function compileWith(
  lookup: StepLookup,
  fitted: CompilablePipeline,
  graph = new OnnxGraphBuilder('shipyard_features'),
): CompiledPipeline {
  const inputs = fitted.inputs.map((input: PipelineInput) => ({
    name: input.name,
    type: ONNX_TYPE_OF[input.type],
  }))
  let frame: OnnxFrame = new Map(
    inputs.map((input) => [
      input.name,
      { tensor: graph.addInput(input.name, input.type, ['N', 1]), type: input.type },
    ]),
  )
  fitted.steps.forEach((stepFitted, index) => {
    const step = lookup(stepFitted.spec)
    frame = atStep(index, stepFitted.spec, () => step.toOnnx(stepFitted, graph, frame))
  })
  const tensors = fitted.featureNames.map((name) => {
    const column = frame.get(name)
    if (column?.type !== 'double') {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `feature '${name}' is not a double tensor of the compiled graph`,
        {
          details: { column: name },
        },
      )
    }
    return column.tensor
  })
  const [joined] = graph.addNode('Concat', tensors, { axis: attr.int(1) }, { name: 'features_double' })
  const [features] = graph.addNode('Cast', [joined!], { to: attr.int(1) }, { name: 'features_float' })
  const opsets = Object.assign(
    { ...DEFAULT_OPSETS },
    ...fitted.steps.map((s) => STEP_OPSETS[s.spec.type as keyof typeof STEP_OPSETS] ?? {}),
  )
  return { graph, inputs, features: features!, featureNames: fitted.featureNames, opsets }
}

/** `pipelineToOnnxModel` over any step lookup. */
export function modelWith(lookup: StepLookup, fitted: CompilablePipeline): Uint8Array {
  const compiled = compileWith(lookup, fitted)
  compiled.graph.addOutput('features', compiled.features, 'float', ['N', fitted.featureNames.length])
  return compiled.graph.toModel({
    opsets: compiled.opsets,
    metadata: { feature_names: JSON.stringify(fitted.featureNames) },
  })
}
