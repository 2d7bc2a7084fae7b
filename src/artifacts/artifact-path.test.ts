import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import { artifactBaseName, joinArtifactPath, normalizeArtifactPath } from './artifact-path.js'

describe('normalizeArtifactPath', () => {
  it('maps the spellings of the root to the empty path', () => {
    for (const root of ['', '.', './', '././', './/.']) assert.equal(normalizeArtifactPath(root), '')
  })

  it('drops empty and dot segments', () => {
    assert.equal(normalizeArtifactPath('a//b/./c/'), 'a/b/c')
    assert.equal(normalizeArtifactPath('./model.bin'), 'model.bin')
  })

  it('keeps names that only look unusual', () => {
    for (const ok of ['..a', 'a..', '.hidden', 'a/...', 'name with spaces', 'ü/日本']) {
      assert.equal(normalizeArtifactPath(ok), ok)
    }
  })

  it('refuses paths that could leave the root, naming them', () => {
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', 'a/..', '..', 'a\\b', 'a\0b', 'C:/x', 'c:x']) {
      assert.throws(
        () => normalizeArtifactPath(bad),
        (error: unknown) =>
          error instanceof ShipyardError &&
          error.code === 'SHIPYARD_ARTIFACT_PATH_INVALID' &&
          error.details.path === bad &&
          error.message.includes(JSON.stringify(bad)),
        JSON.stringify(bad),
      )
    }
  })
})

describe('joinArtifactPath and artifactBaseName', () => {
  it('treat the empty path as the root', () => {
    assert.equal(joinArtifactPath('', 'a'), 'a')
    assert.equal(joinArtifactPath('a/b', 'c'), 'a/b/c')
    assert.equal(artifactBaseName('a/b/c.txt'), 'c.txt')
    assert.equal(artifactBaseName('c.txt'), 'c.txt')
    assert.equal(artifactBaseName(''), '')
  })
})
