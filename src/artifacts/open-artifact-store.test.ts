import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import { artifactStoreFor, SUPPORTED_ARTIFACT_SCHEMES } from './open-artifact-store.js'
import { LocalFsArtifactStore } from './stores/local-fs-artifact-store.js'

describe('artifactStoreFor', () => {
  it('serves file: roots with the local store, one instance for all', () => {
    const store = artifactStoreFor('file:///tmp/a')
    assert.ok(store instanceof LocalFsArtifactStore)
    assert.equal(artifactStoreFor('FILE:///tmp/b'), store)
    assert.deepEqual(SUPPORTED_ARTIFACT_SCHEMES, ['file:'])
  })

  it('refuses an unknown scheme, naming it and the supported ones', () => {
    assert.throws(
      () => artifactStoreFor('s3://bucket/runs'),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        error.message.includes("'s3:'") &&
        error.message.includes('file:') &&
        error.details.scheme === 's3',
    )
  })

  it('refuses a root without a scheme', () => {
    assert.throws(
      () => artifactStoreFor('/var/artifacts'),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'INVALID_PARAMETER_VALUE' &&
        error.message.includes('no URI scheme'),
    )
  })
})
