import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { artifactStoreFor } from '../artifacts/index.js'
import { ShipyardError } from '../shared/index.js'

/** Where a version's ONNX bytes were stored. */
export interface StoredModelBlob {
  /** Hex sha256 of the bytes. */
  readonly sha256: string
  readonly sizeBytes: number
  /** `file://<artifactRoot>/models/sha256/<hex>.onnx` */
  readonly uri: string
}

/**
 * ONNX bytes stored once per content hash, through the artifact store (atomic writes), under
 * `file://<artifactRoot>/models` at `sha256/<hex>.onnx`. Two versions with the same bytes share one
 * file, so deleting a version leaves its file in place.
 */
export class ModelBlobs {
  readonly #rootUri: string

  constructor(artifactRoot: string) {
    this.#rootUri = pathToFileURL(join(artifactRoot, 'models')).href
  }

  /** Writes `bytes` under their hash (rewriting identical content is harmless) and says where. */
  async put(bytes: Uint8Array): Promise<StoredModelBlob> {
    const sha256 = sha256Hex(bytes)
    const path = `sha256/${sha256}.onnx`
    const written = await artifactStoreFor(this.#rootUri).putFile(this.#rootUri, path, bytes)
    if (written.sha256 !== sha256) {
      // Only a caller changing the array while it was written gets here.
      throw new ShipyardError('INVALID_PARAMETER_VALUE', 'onnx: the bytes changed while they were stored', {
        details: { field: 'onnx' },
      })
    }
    return { sha256, sizeBytes: bytes.byteLength, uri: `${this.#rootUri}/${path}` }
  }

  /**
   * The bytes at `uri`, checked against `expectedSha256`. A missing file or another hash:
   * `SHIPYARD_MODEL_ARTIFACT_CORRUPT` naming the model version, the expected and the actual hash.
   */
  async read(uri: string, expectedSha256: string, owner: { name: string; version: number }): Promise<Buffer> {
    const slash = uri.lastIndexOf('/')
    const root = uri.slice(0, slash)
    let bytes: Buffer
    try {
      bytes = await artifactStoreFor(root).read(root, uri.slice(slash + 1))
    } catch (error) {
      if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') {
        throw corrupt(owner, uri, expectedSha256, null, error)
      }
      throw error
    }
    const actual = sha256Hex(bytes)
    if (actual !== expectedSha256) throw corrupt(owner, uri, expectedSha256, actual)
    return bytes
  }
}

/** Hex sha256 of `bytes`: a version's identity. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function corrupt(
  owner: { name: string; version: number },
  uri: string,
  expected: string,
  actual: string | null,
  cause?: unknown,
): ShipyardError {
  const found = actual === null ? 'the file is missing' : `its bytes hash to ${actual}`
  return new ShipyardError(
    'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
    `model '${owner.name}' version ${owner.version}: stored ONNX ${uri} should have sha256 ${expected} but ${found}; register the model again`,
    { details: { model: owner.name, version: owner.version, uri, expected, actual }, cause },
  )
}
