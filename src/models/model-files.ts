import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMissing, writeFileAtomically } from '../artifacts/index.js'
import { ShipyardError } from '../shared/index.js'
import type { ModelDocument } from './trained-model.js'

/**
 * The files of a saved model, in one folder: `model.json` (the whole model, what `load` reads),
 * `model.onnx` (the serving graph), `signature.json` and `pipeline.json` (the same facts as in
 * `model.json`, for tools that read only those).
 */
export const MODEL_FILES = {
  document: 'model.json',
  onnx: 'model.onnx',
  signature: 'signature.json',
  pipeline: 'pipeline.json',
} as const

/** Where each file of a saved model is. */
export type SavedModelFiles = { readonly [K in keyof typeof MODEL_FILES]: string }

/**
 * Writes a model's files into `folder` (created if needed), each atomically, `model.json` last, so a
 * folder with a `model.json` holds a complete model even after a crash mid-save.
 */
export async function writeModelFiles(
  folder: string,
  document: ModelDocument,
  onnx: Uint8Array,
): Promise<SavedModelFiles> {
  await mkdir(folder, { recursive: true })
  const files = Object.fromEntries(
    Object.entries(MODEL_FILES).map(([key, name]) => [key, join(folder, name)]),
  ) as SavedModelFiles
  await writeFileAtomically(files.onnx, onnx)
  await writeFileAtomically(files.signature, json(document.signature))
  await writeFileAtomically(files.pipeline, json(document.pipeline))
  await writeFileAtomically(files.document, json(document, false))
  return files
}

/** Reads `model.json` from a saved model's folder; a missing or foreign file is `INVALID_PARAMETER_VALUE`. */
export async function readModelDocument(folder: string): Promise<ModelDocument> {
  const path = join(folder, MODEL_FILES.document)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (!isMissing(error)) throw error
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `${path} does not exist: not a saved Shipyard model`, {
      details: { path },
    })
  }
  try {
    return JSON.parse(text) as ModelDocument
  } catch (error) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${path} is not valid JSON: ${(error as Error).message}`,
      {
        details: { path },
        cause: error,
      },
    )
  }
}

// Indented for people, except the model document, whose trees would triple in size.
function json(value: unknown, indent = true): Uint8Array {
  return Buffer.from(`${JSON.stringify(value, null, indent ? 1 : undefined)}\n`, 'utf8')
}
