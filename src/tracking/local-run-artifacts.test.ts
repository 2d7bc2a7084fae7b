import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { type ArtifactStore, artifactStoreFor } from '../artifacts/index.js'
import { ShipyardError } from '../shared/index.js'
import { describeEachBackend, type TestDatabase } from '../sql/test-databases.js'
import { LocalRunArtifacts } from './local-run-artifacts.js'
import type { ArtifactRun } from './run-artifacts.js'
import { SqlTrackingStore } from './stores/sql-tracking-store.js'
import type { TrackingStore } from './tracking-store.js'
import type { ArtifactInfo } from './types.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const isCode = (code: string) => (error: unknown) => error instanceof ShipyardError && error.code === code

describeEachBackend('LocalRunArtifacts', (backend) => {
  let database: TestDatabase
  let store: SqlTrackingStore
  let artifacts: LocalRunArtifacts
  let run: ArtifactRun
  let scratch: string
  beforeEach(async () => {
    database = await backend.create()
    store = await SqlTrackingStore.open({
      database: database.target,
      artifactRoot: join(database.dir, 'artifacts'),
    })
    artifacts = new LocalRunArtifacts(store, artifactStoreFor)
    run = (await store.createRun()).info
    scratch = join(database.dir, 'scratch')
    await mkdir(scratch)
  })
  afterEach(async () => {
    await store.close()
    await database.dispose()
  })

  it('writes bytes under the run artifact root and records size and sha256', async () => {
    const info = await artifacts.logBytes(run, 'notes/readme.md', Buffer.from('hello'))
    assert.deepEqual(info, { path: 'notes/readme.md', isDir: false, fileSize: 5, sha256: sha256('hello') })
    assert.deepEqual(await store.listArtifactRecords(run.runId), [info])
    assert.equal(
      (await artifactStoreFor(run.artifactUri).read(run.artifactUri, 'notes/readme.md')).toString(),
      'hello',
    )
  })

  it('logs a local file at its base name by default, or at the path given', async () => {
    await writeFile(join(scratch, 'model.bin'), 'weights')
    const [atRoot] = await artifacts.log(run, join(scratch, 'model.bin'))
    const [placed] = await artifacts.log(run, join(scratch, 'model.bin'), 'best/model.bin')
    assert.equal(atRoot?.path, 'model.bin')
    assert.equal(placed?.path, 'best/model.bin')
    assert.deepEqual(
      (await store.listArtifactRecords(run.runId)).map((r) => [r.path, r.sha256]),
      [
        ['best/model.bin', sha256('weights')],
        ['model.bin', sha256('weights')],
      ],
    )
  })

  it('logs a folder recursively and lists children with their recorded sha256', async () => {
    await mkdir(join(scratch, 'model', 'sub'), { recursive: true })
    await writeFile(join(scratch, 'model', 'a.txt'), 'a')
    await writeFile(join(scratch, 'model', 'sub', 'b.txt'), 'bb')
    const infos = await artifacts.log(run, join(scratch, 'model'))
    assert.deepEqual(
      infos.map((i) => i.path),
      ['model/a.txt', 'model/sub/b.txt'],
    )
    assert.equal((await store.listArtifactRecords(run.runId)).length, 2)
    assert.deepEqual(await artifacts.list(run), [{ path: 'model', isDir: true }])
    assert.deepEqual(await artifacts.list(run, 'model'), [
      { path: 'model/a.txt', isDir: false, fileSize: 1, sha256: sha256('a') },
      { path: 'model/sub', isDir: true },
    ])
    assert.deepEqual(await artifacts.list(run, 'model/sub'), [
      { path: 'model/sub/b.txt', isDir: false, fileSize: 2, sha256: sha256('bb') },
    ])
  })

  it('leaves out a recorded sha256 once the file no longer has the recorded size', async () => {
    await artifacts.logBytes(run, 'f.txt', Buffer.from('recorded'))
    // Replaced behind the tracking store's back: the record is stale.
    await artifactStoreFor(run.artifactUri).putFile(run.artifactUri, 'f.txt', Buffer.from('replaced, longer'))
    assert.deepEqual(await artifacts.list(run), [{ path: 'f.txt', isDir: false, fileSize: 16 }])
  })

  it('reads and downloads through the artifact store', async () => {
    await artifacts.logBytes(run, 'dir/x.txt', Buffer.from('x'))
    assert.equal((await artifacts.read(run, 'dir/x.txt')).toString(), 'x')
    const local = await artifacts.download(run, 'dir', join(scratch, 'out'))
    assert.equal(await readFile(join(local, 'x.txt'), 'utf8'), 'x')
    await assert.rejects(artifacts.read(run, 'nope'), isCode('RESOURCE_DOES_NOT_EXIST'))
  })

  it('refuses a missing local path or a bad artifact path, recording nothing', async () => {
    await assert.rejects(artifacts.log(run, join(scratch, 'absent')), isCode('RESOURCE_DOES_NOT_EXIST'))
    await assert.rejects(
      artifacts.logBytes(run, '../escape', Buffer.from('x')),
      isCode('SHIPYARD_ARTIFACT_PATH_INVALID'),
    )
    assert.deepEqual(await store.listArtifactRecords(run.runId), [])
    assert.deepEqual(await artifacts.list(run), [])
  })

  it('reports an unknown run as RESOURCE_DOES_NOT_EXIST', async () => {
    const ghost = { runId: 'f'.repeat(32), artifactUri: run.artifactUri }
    await assert.rejects(
      artifacts.logBytes(ghost, 'x.txt', Buffer.from('x')),
      isCode('RESOURCE_DOES_NOT_EXIST'),
    )
    await mkdir(join(scratch, 'empty'))
    await assert.rejects(artifacts.log(ghost, join(scratch, 'empty')), isCode('RESOURCE_DOES_NOT_EXIST'))
    await assert.rejects(artifacts.list(ghost), isCode('RESOURCE_DOES_NOT_EXIST'))
  })
})

describe('LocalRunArtifacts recording', () => {
  it('records a large folder in batches the databases accept', async () => {
    const written: ArtifactInfo[] = Array.from({ length: 2001 }, (_, i) => ({
      path: `f${i}`,
      isDir: false,
      fileSize: 1,
      sha256: sha256(String(i)),
    }))
    const batches: number[] = []
    // Only the two methods LocalRunArtifacts uses; the rest of the port is not reached.
    const store = {
      recordArtifacts: async (_runId: string, files: readonly ArtifactInfo[]) => {
        batches.push(files.length)
      },
    } as unknown as TrackingStore
    const artifacts = { putDirectory: async () => written } as unknown as ArtifactStore
    const logged = await new LocalRunArtifacts(store, () => artifacts).log(
      { runId: 'r', artifactUri: 'file:///unused' },
      import.meta.dirname,
    )
    assert.equal(logged.length, 2001)
    assert.deepEqual(batches, [1000, 1000, 1])
  })
})
