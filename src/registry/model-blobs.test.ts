import assert from 'node:assert/strict'
import { mkdtemp, rm, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { rejectsWith } from '../tracking/tracking-store.test-suite.js'
import { ModelBlobs, sha256Hex } from './model-blobs.js'

describe('ModelBlobs', () => {
  let dir: string
  let blobs: ModelBlobs
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipyard-blobs-'))
    blobs = new ModelBlobs(dir)
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('stores bytes under their sha256 in <root>/models/sha256 and reads them back', async () => {
    const bytes = new TextEncoder().encode('graph')
    const stored = await blobs.put(bytes)
    assert.equal(stored.sha256, sha256Hex(bytes))
    assert.equal(stored.sizeBytes, 5)
    assert.equal(fileURLToPath(stored.uri), join(dir, 'models', 'sha256', `${stored.sha256}.onnx`))
    assert.deepEqual(
      await blobs.read(stored.uri, stored.sha256, { name: 'm', version: 1 }),
      Buffer.from(bytes),
    )
  })

  it('reports a missing file as corrupt, naming the model version and the expected hash', async () => {
    const stored = await blobs.put(new TextEncoder().encode('gone soon'))
    await unlink(fileURLToPath(stored.uri))
    const error = await rejectsWith(
      blobs.read(stored.uri, stored.sha256, { name: 'churn', version: 4 }),
      'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
      new RegExp(`model 'churn' version 4: .*${stored.sha256}.*the file is missing`),
    )
    assert.deepEqual(error.details, {
      model: 'churn',
      version: 4,
      uri: stored.uri,
      expected: stored.sha256,
      actual: null,
    })
  })
})
