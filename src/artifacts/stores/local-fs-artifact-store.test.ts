import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { ShipyardError } from '../../shared/index.js'
import { describeArtifactStoreConformance } from '../artifact-store.test-suite.js'
import { LocalFsArtifactStore } from './local-fs-artifact-store.js'

describeArtifactStoreConformance('local-fs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shipyard-local-fs-'))
  // A root with a space and a '#', which a file URI must escape, and not yet created.
  const rootDir = join(dir, 'runs #1', 'artifacts')
  return {
    store: new LocalFsArtifactStore(),
    rootUri: pathToFileURL(rootDir).href,
    linkOutside: async (path) => {
      const outside = join(dir, 'outside')
      await mkdir(outside, { recursive: true })
      await writeFile(join(outside, 'secret.txt'), 'secret')
      await mkdir(rootDir, { recursive: true })
      await symlink(outside, join(rootDir, path))
      return () => readdir(outside, { recursive: true })
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  }
})

describe('LocalFsArtifactStore, on disk', () => {
  const store = new LocalFsArtifactStore()
  let dir: string
  let rootDir: string
  let root: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipyard-local-fs-'))
    rootDir = join(dir, 'root')
    root = pathToFileURL(rootDir).href
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('leaves no temp file after concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.putFile(root, 'a/race.bin', Buffer.alloc(10_000, i))),
    )
    assert.deepEqual(await readdir(join(rootDir, 'a')), ['race.bin'])
  })

  it('never lists or downloads the temp file of a crashed write', async () => {
    await store.putFile(root, 'b/model.bin', Buffer.from('m'))
    await writeFile(join(rootDir, 'b', '.model.bin.0123456789abcdef.shipyard-tmp'), 'half')
    assert.deepEqual(
      (await store.list(root, 'b')).map((i) => i.path),
      ['b/model.bin'],
    )
    const out = await store.download(root, 'b', join(dir, 'out'))
    assert.deepEqual(await readdir(out), ['model.bin'])
  })

  it('refuses artifact paths shaped like its temp files', async () => {
    await assert.rejects(
      store.putFile(root, 'c/.x.0123456789abcdef.shipyard-tmp', Buffer.from('x')),
      (error: unknown) => error instanceof ShipyardError && error.code === 'SHIPYARD_ARTIFACT_PATH_INVALID',
    )
  })

  it('refuses a folder holding a name that is not a valid artifact path, before writing anything', async () => {
    const source = join(dir, 'bad-source')
    await mkdir(join(source, 'sub'), { recursive: true })
    await writeFile(join(source, 'a.txt'), 'a')
    await writeFile(join(source, 'sub', 'back\\slash.txt'), 'b')
    await assert.rejects(
      store.putDirectory(root, 'up', source),
      (error: unknown) =>
        error instanceof ShipyardError &&
        error.code === 'SHIPYARD_ARTIFACT_PATH_INVALID' &&
        error.details.path === 'up/sub/back\\slash.txt',
    )
    assert.deepEqual(await store.list(root, 'up'), [])
  })

  it('follows a link that stays inside the root', async () => {
    await store.putFile(root, 'real/f.txt', Buffer.from('f'))
    await symlink(join(rootDir, 'real'), join(rootDir, 'alias'))
    assert.equal((await store.read(root, 'alias/f.txt')).toString(), 'f')
    assert.deepEqual(
      (await store.list(root, 'alias')).map((i) => i.path),
      ['alias/f.txt'],
    )
  })

  it('does not loop on a link back up the tree when downloading', async () => {
    await store.putFile(root, 'loop/f.txt', Buffer.from('f'))
    await symlink(join(rootDir, 'loop'), join(rootDir, 'loop', 'again'))
    const out = await store.download(root, 'loop', join(dir, 'loop-out'))
    assert.deepEqual((await readdir(out)).sort(), ['f.txt'])
  })

  it('refuses a root that is not an absolute file URI', async () => {
    for (const bad of ['s3://bucket/x', 'file://host/x', 'relative/path', '']) {
      await assert.rejects(
        store.list(bad),
        (error: unknown) => error instanceof ShipyardError && error.code === 'INVALID_PARAMETER_VALUE',
        bad,
      )
    }
  })
})
