import type { ModelSignature } from '../models/index.js'
import { invalidValue } from '../shared/index.js'
import { inferSignature, readOnnxGraph, type SignatureHints } from './infer-signature.js'
import type { ModelRegistry } from './model-registry.js'
import type { ModelLineage, ModelVersion } from './types.js'

/** An ONNX model made elsewhere (skl2onnx, PyTorch...), and what to record with it. */
export interface ImportOnnxOptions extends SignatureHints {
  readonly name: string
  readonly onnx: Uint8Array
  /** Where it came from (a file path, a URL): the version's `lineage.source`. */
  readonly source: string
  /** Default: inferred from the graph (see `inferSignature`); the hints apply only then. */
  readonly signature?: ModelSignature
  readonly metrics?: Readonly<Record<string, number>>
  readonly description?: string
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * Registers ONNX bytes made outside Shipyard as a new version of `name` (created if missing). The
 * graph is loaded by onnxruntime first: one it refuses is `INVALID_PARAMETER_VALUE` (field `onnx`).
 * Lineage holds only the source (no run, params or fingerprints).
 *
 * @example
 * const onnx = await readFile('model.onnx')
 * const version = await importOnnxModel(shipyard.registry, {
 *   name: 'iris', onnx, source: 'model.onnx', features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
 * })
 */
export async function importOnnxModel(
  registry: ModelRegistry,
  options: ImportOnnxOptions,
): Promise<ModelVersion> {
  if (!(options.onnx instanceof Uint8Array) || options.onnx.byteLength === 0) {
    throw invalidValue('onnx', 'must be the non-empty bytes of an ONNX model')
  }
  const graph = await readOnnxGraph(options.onnx)
  const signature = options.signature ?? inferSignature(graph.inputs, graph.outputs, options)
  return registry.createVersion({
    name: options.name,
    onnx: options.onnx,
    signature,
    lineage: importedLineage(options.source),
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
  })
}

/** The lineage of a model made outside Shipyard: where it came from, and nothing else known. */
export function importedLineage(source: string): ModelLineage {
  return { runId: null, datasetFingerprints: {}, params: {}, gitCommit: null, trainingProfile: null, source }
}
