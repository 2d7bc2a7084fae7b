import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelVersion } from '../../registry/index.js'
import { notFound, ShipyardError } from '../../shared/index.js'
import type { Run } from '../../tracking/index.js'
import { buildReferenceProfile } from '../drift/index.js'
import { runReferenceSource } from './reference-source.js'
import { REFERENCE_ARTIFACT } from './training-reference.js'

const reference = buildReferenceProfile({
  features: [{ name: 'age', kind: 'numeric', values: Float64Array.of(30, 40, 50) }],
})

/** A source over runs `r-<name>` whose reference file holds `files[name]` (absent: no file). */
function source(files: Record<string, string>) {
  return runReferenceSource(
    {
      getRun: async (runId) => {
        if (runId === 'r-broken') throw new ShipyardError('SHIPYARD_STORE_UNAVAILABLE', 'down')
        if (!(runId.slice(2) in files) && runId !== 'r-nofile') throw notFound('run', runId)
        return { info: { runId, artifactUri: `file:///${runId}` } } as Run
      },
    },
    {
      read: async (run, path) => {
        const text = files[run.runId.slice(2)]
        if (path !== REFERENCE_ARTIFACT || text === undefined) throw notFound('artifact', path)
        return Buffer.from(text)
      },
    },
  )
}

const version = (runId: string | null) => ({ version: 7, lineage: { runId } }) as ModelVersion

describe('runReferenceSource', () => {
  const lookup = source({ good: JSON.stringify(reference), json: '{', old: '{"version": 2, "features": []}' })

  it("reads the reference the version's run logged", async () => {
    assert.deepEqual(await lookup(version('r-good')), { found: true, reference })
  })

  it('says why a version has none, naming the version and run', async () => {
    const reasons = await Promise.all(
      [null, 'r-gone', 'r-nofile', 'r-json', 'r-old'].map(async (runId) => {
        const found = await lookup(version(runId))
        return found.found ? 'found' : found.reason
      }),
    )
    assert.deepEqual(reasons, [
      'version 7 was imported, not trained in a tracked run, so it has no training data to compare with',
      'version 7 was trained in run r-gone, which no longer exists',
      `run r-nofile of version 7 has no ${REFERENCE_ARTIFACT} (trained before drift references were logged); retrain it to monitor drift`,
      `run r-json of version 7 has a ${REFERENCE_ARTIFACT} that is not a version 1 reference profile`,
      `run r-old of version 7 has a ${REFERENCE_ARTIFACT} that is not a version 1 reference profile`,
    ])
  })

  it('lets other store failures through', async () => {
    await assert.rejects(lookup(version('r-broken')), { code: 'SHIPYARD_STORE_UNAVAILABLE' })
  })
})
