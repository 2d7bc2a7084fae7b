import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { ModelSignature } from '../models/index.js'
import { rejectsWith } from '../tracking/tracking-store.test-suite.js'
import type { ModelRegistry } from './model-registry.js'
import type { CreateVersionInput, ModelLineage, ModelVersion } from './types.js'

/** A registry under test, how to damage a version's stored bytes, and how to throw it all away. */
export interface OpenedRegistry {
  readonly registry: ModelRegistry
  /** Overwrites the stored bytes of `version` with other bytes. */
  corrupt(version: ModelVersion): Promise<void>
  dispose(): Promise<void>
}

/** A signature of a binary classifier over two columns. */
export const TEST_SIGNATURE: ModelSignature = {
  format: 'shipyard.signature',
  version: 1,
  task: 'binary',
  target: 'churned',
  inputs: [
    { name: 'age', type: 'double', shape: [-1, 1], columnType: 'numeric' },
    { name: 'plan', type: 'string', shape: [-1, 1], columnType: 'categorical' },
  ],
  outputs: [
    { name: 'label', type: 'int64', shape: [-1] },
    { name: 'probabilities', type: 'float', shape: [-1, 2] },
  ],
  classes: [0, 1],
}

/** Lineage of a run; `runId` and source from `overrides`. */
export function testLineage(overrides: Partial<ModelLineage> = {}): ModelLineage {
  return {
    runId: 'a'.repeat(32),
    datasetFingerprints: { train: 'f'.repeat(64) },
    params: { model: 'gbdt', learning_rate: '0.1' },
    gitCommit: '3'.repeat(40),
    trainingProfile: 'data/profile.json',
    source: `runs:/${'a'.repeat(32)}/model`,
    ...overrides,
  }
}

/** A version input; the store does not parse ONNX, so any bytes do. */
export function versionInput(name: string, content: string, extra: Partial<CreateVersionInput> = {}) {
  return {
    name,
    onnx: new TextEncoder().encode(content),
    signature: TEST_SIGNATURE,
    lineage: testLineage(),
    ...extra,
  } satisfies CreateVersionInput
}

/** Waits until the clock has moved on, so two events get different times. */
async function nextMillisecond(): Promise<void> {
  const start = Date.now()
  while (Date.now() === start) await new Promise((resolve) => setTimeout(resolve, 1))
}

/**
 * The contract of `ModelRegistry`, run against every backend (the SQL registry on SQLite and
 * PostgreSQL). Each test uses its own model names, so tests share one registry.
 */
export function describeModelRegistryConformance(name: string, open: () => Promise<OpenedRegistry>): void {
  describe(`ModelRegistry conformance: ${name}`, () => {
    let opened: OpenedRegistry
    let registry: ModelRegistry
    before(async () => {
      opened = await open()
      registry = opened.registry
    })
    after(() => opened.dispose())

    it('creates, gets, updates, tags and refuses a taken name', async () => {
      const created = await registry.createModel({
        name: 'churn',
        description: 'who leaves',
        tags: { team: 'risk' },
      })
      assert.equal(created.name, 'churn')
      assert.equal(created.description, 'who leaves')
      assert.deepEqual(created.tags, { team: 'risk' })
      assert.equal(created.latestVersion, null)
      assert.deepEqual(created.aliases, {})
      await rejectsWith(registry.createModel({ name: 'churn' }), 'RESOURCE_ALREADY_EXISTS', /churn/)
      await registry.setModelTag('churn', 'owner', 'ana')
      await registry.setModelTag('churn', 'team', 'growth')
      await registry.deleteModelTag('churn', 'owner')
      await rejectsWith(registry.deleteModelTag('churn', 'owner'), 'RESOURCE_DOES_NOT_EXIST', /owner/)
      const updated = await registry.updateModel('churn', { description: 'who cancels' })
      assert.equal(updated.description, 'who cancels')
      assert.deepEqual(updated.tags, { team: 'growth' })
      assert.ok(updated.lastUpdatedTime >= created.lastUpdatedTime)
      await rejectsWith(registry.getModel('nope'), 'RESOURCE_DOES_NOT_EXIST', /nope/)
    })

    it('searches models by name pattern and tags, one page at a time', async () => {
      for (const n of ['fraud-a', 'fraud-b', 'fraud-c', 'Fraud_d', 'other']) {
        await registry.createModel({ name: n, tags: { kind: n === 'fraud-b' ? 'tree' : 'linear' } })
      }
      const like = await registry.searchModels({ nameLike: 'fraud-%' })
      assert.deepEqual(
        like.items.map((m) => m.name),
        ['fraud-a', 'fraud-b', 'fraud-c'],
      )
      const anyCase = await registry.searchModels({ nameLike: 'fraud%' })
      assert.equal(anyCase.items.length, 4, 'the pattern is not case-sensitive')
      const escaped = await registry.searchModels({ nameLike: '%\\_%' })
      assert.deepEqual(
        escaped.items.map((m) => m.name),
        ['Fraud_d'],
      )
      const tagged = await registry.searchModels({ nameLike: 'fraud%', tags: { kind: 'tree' } })
      assert.deepEqual(
        tagged.items.map((m) => m.name),
        ['fraud-b'],
      )
      const seen: string[] = []
      let pageToken: string | undefined
      do {
        const page = await registry.searchModels({
          nameLike: 'fraud%',
          maxResults: 3,
          ...(pageToken ? { pageToken } : {}),
        })
        seen.push(...page.items.map((m) => m.name))
        pageToken = page.nextPageToken
      } while (pageToken)
      assert.deepEqual(seen, ['Fraud_d', 'fraud-a', 'fraud-b', 'fraud-c'].sort())
      const first = await registry.searchModels({ nameLike: 'fraud%', maxResults: 1 })
      await rejectsWith(
        registry.searchModels({ nameLike: 'other%', pageToken: first.nextPageToken! }),
        'SHIPYARD_PAGE_TOKEN_INVALID',
      )
      await rejectsWith(registry.searchModels({ pageToken: 'garbage' }), 'SHIPYARD_PAGE_TOKEN_INVALID')
      await rejectsWith(registry.searchModels({ maxResults: 0 }), 'INVALID_PARAMETER_VALUE', /max_results/)
    })

    it('numbers versions 1, 2, 3 and never gives a deleted number again', async () => {
      const v1 = await registry.createVersion(versionInput('numbers', 'one'))
      const v2 = await registry.createVersion(versionInput('numbers', 'two'))
      const v3 = await registry.createVersion(versionInput('numbers', 'three'))
      assert.deepEqual([v1.version, v2.version, v3.version], [1, 2, 3])
      assert.equal((await registry.getModel('numbers')).latestVersion, 3)
      await registry.deleteVersion('numbers', 3)
      await rejectsWith(registry.getVersion('numbers', 3), 'RESOURCE_DOES_NOT_EXIST', /version 3/)
      assert.equal((await registry.getModel('numbers')).latestVersion, 2)
      const v4 = await registry.createVersion(versionInput('numbers', 'four'))
      assert.equal(v4.version, 4)
      await rejectsWith(registry.deleteVersion('numbers', 3), 'RESOURCE_DOES_NOT_EXIST')
    })

    it('gives concurrent registrations of one model distinct numbers', async () => {
      const versions = await Promise.all(
        Array.from({ length: 8 }, (_, i) => registry.createVersion(versionInput('racing', `bytes ${i}`))),
      )
      assert.deepEqual(
        versions.map((v) => v.version).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 6, 7, 8],
      )
    })

    it('keeps a version as registered: only description and tags change', async () => {
      const v1 = await registry.createVersion(
        versionInput('frozen', 'model bytes', {
          metrics: { valid_roc_auc: 0.91, nan: Number.NaN },
          tags: { a: '1' },
        }),
      )
      assert.match(v1.sha256, /^[0-9a-f]{64}$/)
      assert.equal(v1.sizeBytes, 'model bytes'.length)
      assert.deepEqual(v1.signature, TEST_SIGNATURE)
      assert.deepEqual(v1.lineage, testLineage())
      assert.equal(v1.metrics.valid_roc_auc, 0.91)
      assert.ok(Number.isNaN(v1.metrics.nan))
      await registry.updateVersion('frozen', 1, { description: 'first' })
      await registry.setVersionTag('frozen', 1, 'b', '2')
      await registry.deleteVersionTag('frozen', 1, 'a')
      const v2 = await registry.createVersion(versionInput('frozen', 'model bytes'))
      await registry.createVersion(versionInput('frozen', 'other bytes'))
      const again = await registry.getVersion('frozen', 1)
      assert.equal(again.description, 'first')
      assert.deepEqual(again.tags, { b: '2' })
      for (const field of [
        'sha256',
        'sizeBytes',
        'artifactUri',
        'signature',
        'metrics',
        'lineage',
        'creationTime',
      ] as const) {
        assert.deepEqual(again[field], v1[field], field)
      }
      assert.equal(v2.sha256, v1.sha256, 'same bytes, same hash')
      assert.equal(v2.artifactUri, v1.artifactUri, 'stored once')
      assert.equal(Buffer.from(await registry.readModel('frozen', 1)).toString(), 'model bytes')
      assert.equal(Buffer.from(await registry.readModel('frozen', 3)).toString(), 'other bytes')
    })

    it('sets, moves and deletes aliases, keeping every change in the history', async () => {
      for (const content of ['a', 'b', 'c']) await registry.createVersion(versionInput('aliased', content))
      const set = await registry.setAlias('aliased', 'Production', 1, { user: 'ana', reason: 'first' })
      assert.deepEqual(
        { ...set, time: 0 },
        {
          name: 'aliased',
          alias: 'production',
          fromVersion: null,
          toVersion: 1,
          time: 0,
          user: 'ana',
          reason: 'first',
        },
      )
      const moved = await registry.setAlias('aliased', 'production', 2, { reason: 'better' })
      assert.equal(moved.fromVersion, 1)
      assert.equal(moved.toVersion, 2)
      assert.equal(typeof moved.user, 'string')
      const again = await registry.setAlias('aliased', 'PRODUCTION', 2)
      assert.deepEqual(again, moved, 'setting the same version changes nothing')
      await registry.setAlias('aliased', 'staging', 3)
      const model = await registry.getModel('aliased')
      assert.deepEqual(model.aliases, { production: 2, staging: 3 })
      assert.deepEqual((await registry.getVersion('aliased', 2)).aliases, ['production'])
      const deleted = await registry.deleteAlias('aliased', 'staging', { reason: 'done' })
      assert.deepEqual([deleted.fromVersion, deleted.toVersion], [3, null])
      await rejectsWith(registry.deleteAlias('aliased', 'staging'), 'RESOURCE_DOES_NOT_EXIST', /staging/)
      await rejectsWith(registry.setAlias('aliased', 'production', 9), 'RESOURCE_DOES_NOT_EXIST', /version 9/)
      const history = await registry.aliasHistory('aliased')
      assert.deepEqual(
        history.map((e) => [e.alias, e.fromVersion, e.toVersion, e.reason]),
        [
          ['production', null, 1, 'first'],
          ['production', 1, 2, 'better'],
          ['staging', null, 3, ''],
          ['staging', 3, null, 'done'],
        ],
      )
      assert.equal((await registry.aliasHistory('aliased', 'Production')).length, 2)
    })

    it('answers which version an alias named at a past time', async () => {
      for (const content of ['x', 'y']) await registry.createVersion(versionInput('timeline', content))
      const first = await registry.setAlias('timeline', 'production', 1)
      await nextMillisecond()
      const second = await registry.setAlias('timeline', 'production', 2)
      await nextMillisecond()
      const removed = await registry.deleteAlias('timeline', 'production')
      assert.equal(await registry.aliasAt('timeline', 'production', first.time - 1), null)
      assert.equal(await registry.aliasAt('timeline', 'production', first.time), 1)
      assert.equal(await registry.aliasAt('timeline', 'production', second.time - 1), 1)
      assert.equal(await registry.aliasAt('timeline', 'production', second.time), 2)
      assert.equal(await registry.aliasAt('timeline', 'production', removed.time), null)
      assert.equal(await registry.aliasAt('timeline', 'staging', removed.time), null)
    })

    it('rolls an alias back to the version before its last move', async () => {
      for (const content of ['r1', 'r2', 'r3'])
        await registry.createVersion(versionInput('rollback', content))
      await registry.setAlias('rollback', 'production', 1)
      await rejectsWith(
        registry.rollback('rollback', 'production'),
        'INVALID_PARAMETER_VALUE',
        /nothing to roll back/,
      )
      await registry.setAlias('rollback', 'production', 3)
      const back = await registry.rollback('rollback', 'production', { user: 'oncall' })
      assert.deepEqual(
        [back.fromVersion, back.toVersion, back.reason, back.user],
        [3, 1, 'rollback', 'oncall'],
      )
      assert.equal((await registry.resolve('rollback', 'production')).version, 1)
      const forth = await registry.rollback('rollback', 'production', { reason: 'fixed' })
      assert.deepEqual([forth.toVersion, forth.reason], [3, 'rollback: fixed'])
      await rejectsWith(registry.rollback('rollback', 'canary'), 'RESOURCE_DOES_NOT_EXIST', /canary/)
    })

    it('resolves latest, v<N>, a number and an alias', async () => {
      for (const content of ['l1', 'l2', 'l3'])
        await registry.createVersion(versionInput('resolving', content))
      await registry.setAlias('resolving', 'champion', 2)
      assert.equal((await registry.resolve('resolving', 'latest')).version, 3)
      assert.equal((await registry.resolve('resolving', 'LATEST')).version, 3)
      assert.equal((await registry.resolve('resolving', 'v2')).version, 2)
      assert.equal((await registry.resolve('resolving', '2')).version, 2)
      assert.equal((await registry.resolve('resolving', 'Champion')).version, 2)
      await rejectsWith(registry.resolve('resolving', 'v9'), 'RESOURCE_DOES_NOT_EXIST', /version 9/)
      await rejectsWith(registry.resolve('resolving', 'canary'), 'RESOURCE_DOES_NOT_EXIST', /canary/)
      await rejectsWith(registry.resolve('nobody', 'latest'), 'RESOURCE_DOES_NOT_EXIST', /nobody/)
      await registry.createModel({ name: 'empty' })
      await rejectsWith(registry.resolve('empty', 'latest'), 'RESOURCE_DOES_NOT_EXIST', /latest/)
    })

    it('refuses reserved or malformed aliases and names, naming the field', async () => {
      await registry.createVersion(versionInput('strict', 's'))
      for (const alias of ['latest', 'Latest', 'v1', 'V12']) {
        await rejectsWith(
          registry.setAlias('strict', alias, 1),
          'INVALID_PARAMETER_VALUE',
          /^alias: .*reserved/,
        )
      }
      for (const alias of ['', 'has space', 'dot.ted', 'x'.repeat(256)]) {
        await rejectsWith(registry.setAlias('strict', alias, 1), 'INVALID_PARAMETER_VALUE', /^alias: /)
      }
      await rejectsWith(registry.setAlias('strict', 'ok', 0), 'INVALID_PARAMETER_VALUE', /^version: /)
      for (const name of ['', 'a/b', ' padded', 'padded ', 'n'.repeat(257)]) {
        await rejectsWith(registry.createModel({ name }), 'INVALID_PARAMETER_VALUE', /^name: /)
      }
      await rejectsWith(registry.renameModel('strict', 'a/b'), 'INVALID_PARAMETER_VALUE', /^new_name: /)
      await rejectsWith(
        registry.createModel({ name: 'tagged', tags: { '': 'x' } }),
        'INVALID_PARAMETER_VALUE',
        /^tags\.key: /,
      )
      await rejectsWith(
        registry.setModelTag('strict', 'k', 'v'.repeat(5001)),
        'INVALID_PARAMETER_VALUE',
        /^tag\.k: .*5000/,
      )
      await rejectsWith(
        registry.createVersion({ ...versionInput('strict', 'x'), onnx: new Uint8Array() }),
        'INVALID_PARAMETER_VALUE',
        /^onnx: /,
      )
      await rejectsWith(
        registry.createVersion({ ...versionInput('strict', 'x'), lineage: { ...testLineage(), source: '' } }),
        'INVALID_PARAMETER_VALUE',
        /^lineage\.source: /,
      )
    })

    it('refuses to delete a version an alias points at', async () => {
      await registry.createVersion(versionInput('guarded', 'g'))
      await registry.setAlias('guarded', 'production', 1)
      await rejectsWith(
        registry.deleteVersion('guarded', 1),
        'INVALID_PARAMETER_VALUE',
        /production.*move or delete/,
      )
      await registry.deleteAlias('guarded', 'production')
      await registry.deleteVersion('guarded', 1)
    })

    it('reports stored bytes that no longer match their hash', async () => {
      const version = await registry.createVersion(versionInput('damaged', 'precious bytes'))
      await opened.corrupt(version)
      const error = await rejectsWith(
        registry.readModel('damaged', 1),
        'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
        /damaged.*version 1/,
      )
      assert.equal(error.details.expected, version.sha256)
      assert.match(String(error.details.actual), /^[0-9a-f]{64}$/)
      assert.notEqual(error.details.actual, version.sha256)
    })

    it('changes the alias generation on every alias change, rename and model delete', async () => {
      for (const content of ['g1', 'g2']) await registry.createVersion(versionInput('generations', content))
      const seen = [await registry.aliasGeneration()]
      const changed = async (step: () => Promise<unknown>) => {
        await step()
        const generation = await registry.aliasGeneration()
        assert.ok(!seen.includes(generation), `generation ${generation} seen before`)
        seen.push(generation)
      }
      await changed(() => registry.setAlias('generations', 'production', 1))
      await changed(() => registry.setAlias('generations', 'production', 2))
      await changed(() => registry.rollback('generations', 'production'))
      await changed(() => registry.deleteAlias('generations', 'production'))
      await changed(() => registry.renameModel('generations', 'generations-2'))
      await changed(() => registry.deleteModel('generations-2'))
      const before = await registry.aliasGeneration()
      await registry.createVersion(versionInput('generations-3', 'g3'))
      assert.equal(await registry.aliasGeneration(), before, 'a new version moves no alias')
    })

    it('renames a model with its versions, aliases and history, and deletes it whole', async () => {
      await registry.createVersion(versionInput('old-name', 'o1', { tags: { t: '1' } }))
      await registry.setModelTag('old-name', 'team', 'risk')
      await registry.setAlias('old-name', 'production', 1)
      await registry.createModel({ name: 'taken' })
      await rejectsWith(registry.renameModel('old-name', 'taken'), 'RESOURCE_ALREADY_EXISTS', /taken/)
      const renamed = await registry.renameModel('old-name', 'new-name')
      assert.deepEqual(renamed.aliases, { production: 1 })
      assert.deepEqual(renamed.tags, { team: 'risk' })
      assert.deepEqual((await registry.getVersion('new-name', 1)).tags, { t: '1' })
      assert.equal((await registry.resolve('new-name', 'production')).version, 1)
      assert.equal((await registry.aliasHistory('new-name')).length, 1)
      await rejectsWith(registry.getModel('old-name'), 'RESOURCE_DOES_NOT_EXIST')
      await registry.deleteModel('new-name')
      await rejectsWith(registry.getModel('new-name'), 'RESOURCE_DOES_NOT_EXIST')
      await rejectsWith(registry.aliasHistory('new-name'), 'RESOURCE_DOES_NOT_EXIST')
      await rejectsWith(registry.deleteModel('new-name'), 'RESOURCE_DOES_NOT_EXIST')
      const again = await registry.createVersion(versionInput('new-name', 'n1'))
      assert.equal(again.version, 1, 'a new model of the same name starts again')
      assert.deepEqual((await registry.getModel('new-name')).aliases, {})
    })

    it('searches versions by model, run and metrics, newest first, one page at a time', async () => {
      const runA = 'b'.repeat(32)
      const runB = 'c'.repeat(32)
      for (let i = 1; i <= 5; i++) {
        await registry.createVersion(
          versionInput('searched', `s${i}`, {
            metrics: { auc: 0.8 + i / 100, ...(i === 5 ? { nan_metric: Number.NaN } : {}) },
            lineage: testLineage({
              runId: i % 2 ? runA : runB,
              source: `runs:/${i % 2 ? runA : runB}/model`,
            }),
          }),
        )
      }
      const all = await registry.searchVersions({ name: 'searched' })
      assert.deepEqual(
        all.items.map((v) => v.version),
        [5, 4, 3, 2, 1],
      )
      const byRun = await registry.searchVersions({ runId: runB })
      assert.deepEqual(
        byRun.items.map((v) => v.version),
        [4, 2],
      )
      const good = await registry.searchVersions({
        name: 'searched',
        metrics: [{ metric: 'auc', op: '>=', value: 0.83 }],
      })
      assert.deepEqual(
        good.items.map((v) => v.version),
        [5, 4, 3],
      )
      const notEqual = await registry.searchVersions({
        name: 'searched',
        metrics: [{ metric: 'nan_metric', op: '!=', value: 1 }],
      })
      assert.deepEqual(notEqual.items, [], 'a NaN metric matches no comparison')
      const paged: number[] = []
      let pageToken: string | undefined
      do {
        const page = await registry.searchVersions({
          name: 'searched',
          maxResults: 2,
          ...(pageToken ? { pageToken } : {}),
        })
        paged.push(...page.items.map((v) => v.version))
        pageToken = page.nextPageToken
      } while (pageToken)
      assert.deepEqual(paged, [5, 4, 3, 2, 1])
      await rejectsWith(
        registry.searchVersions({ metrics: [{ metric: 'auc', op: '~' as '=', value: 1 }] }),
        'INVALID_PARAMETER_VALUE',
        /metrics\[0\]\.op/,
      )
    })
  })
}
