import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMissing } from '../artifacts/index.js'
import { MODEL_FILES, type ModelSignature } from '../models/index.js'
import type { ModelRegistry, ModelRoute } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'

/** A model to predict with: its ONNX graph, its signature, and what names it in the summary. */
export interface BatchModel {
  /** The registered model's name, or the saved model's folder. */
  readonly name: string
  /** The registry version; null for a saved model folder. */
  readonly version: number | null
  readonly signature: ModelSignature
  readonly onnx: Uint8Array
}

/** The part of the registry a batch reads. */
export type ModelReader = Pick<ModelRegistry, 'resolve' | 'readModel'>

/**
 * The registry version a route names (`churn@production`, `churn@3`: parse it with the serving
 * context's `parseModelRoute`, so `predict` and `serve` read model names alike), with its ONNX bytes
 * (checked against their hash by the registry). Throws what the registry throws:
 * `RESOURCE_DOES_NOT_EXIST` for an unknown model, alias or version.
 */
export async function loadRegistryModel(registry: ModelReader, route: ModelRoute): Promise<BatchModel> {
  const ref = route.ref.kind === 'alias' ? route.ref.alias : String(route.ref.version)
  const version = await registry.resolve(route.name, ref)
  const onnx = await registry.readModel(version.name, version.version)
  return { name: version.name, version: version.version, signature: version.signature, onnx }
}

/**
 * A saved model folder (`shipyard train --out DIR`, `TrainedModel.save`): its `model.onnx` and
 * `signature.json`. A missing file or a foreign signature is `INVALID_PARAMETER_VALUE` naming the file.
 */
export async function loadModelDir(folder: string): Promise<BatchModel> {
  const onnx = await readModelFile(folder, MODEL_FILES.onnx)
  const signaturePath = join(folder, MODEL_FILES.signature)
  let signature: ModelSignature
  try {
    signature = JSON.parse((await readModelFile(folder, MODEL_FILES.signature)).toString()) as ModelSignature
  } catch (error) {
    if (error instanceof ShipyardError) throw error
    throw notAModel(signaturePath, `is not valid JSON (${(error as Error).message})`)
  }
  if (signature?.format !== 'shipyard.signature' || signature.version !== 1) {
    throw notAModel(signaturePath, 'is not a Shipyard signature (format shipyard.signature, version 1)')
  }
  return { name: folder, version: null, signature, onnx: new Uint8Array(onnx) }
}

async function readModelFile(folder: string, name: string): Promise<Buffer> {
  const path = join(folder, name)
  try {
    return await readFile(path)
  } catch (error) {
    if (!isMissing(error)) throw error
    throw notAModel(path, 'does not exist: not a saved model folder (shipyard train --out DIR writes one)')
  }
}

function notAModel(path: string, what: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${path} ${what}`, { details: { path } })
}
