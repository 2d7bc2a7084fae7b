import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { ShipyardError } from '../shared/index.js'
import type { ArtifactStore } from './artifact-store.js'

/** One fresh, empty artifact root on the backend under test. */
export interface ArtifactStoreFixture {
  readonly store: ArtifactStore
  readonly rootUri: string
  /**
   * For backends with links: makes `path` (under the root) a link to a folder outside the root that
   * holds `secret.txt`, and returns a function listing that outside folder. Absent: the link tests
   * are skipped.
   */
  readonly linkOutside?: (path: string) => Promise<() => Promise<readonly string[]>>
  dispose(): Promise<void>
}

const TRAVERSALS = ['../x', '/etc/passwd', 'a/../../x', 'a\\b', 'a\0b', 'C:/x', '..']

/**
 * The `ArtifactStore` contract as tests, run by every backend's own test file:
 * `describeArtifactStoreConformance('local-fs', async () => ({ store, rootUri, dispose }))`.
 * `makeStoreAndRoot` is called once per test and must give an empty root.
 */
export function describeArtifactStoreConformance(
  name: string,
  makeStoreAndRoot: () => Promise<ArtifactStoreFixture>,
) {
  describe(`ArtifactStore conformance: ${name}`, () => {
    let f: ArtifactStoreFixture
    let store: ArtifactStore
    let root: string
    let scratch: string
    beforeEach(async () => {
      f = await makeStoreAndRoot()
      store = f.store
      root = f.rootUri
      scratch = await mkdtemp(join(tmpdir(), 'shipyard-artifact-suite-'))
    })
    afterEach(async () => {
      await f.dispose()
      await rm(scratch, { recursive: true, force: true })
    })

    it('round-trips bytes and reports size and sha256', async () => {
      const bytes = randomBytes(1000)
      const info = await store.putFile(root, 'model/weights.bin', bytes)
      assert.deepEqual(info, {
        path: 'model/weights.bin',
        isDir: false,
        fileSize: 1000,
        sha256: sha256(bytes),
      })
      assert.deepEqual(await store.read(root, 'model/weights.bin'), bytes)
    })

    it('round-trips a local file larger than one read chunk, hashing it as node:crypto does', async () => {
      const bytes = randomBytes(3 * 1024 * 1024 + 17)
      const localPath = join(scratch, 'big.bin')
      await writeFile(localPath, bytes)
      const info = await store.putFile(root, 'big.bin', { localPath })
      assert.equal(info.sha256, sha256(bytes))
      assert.equal(info.fileSize, bytes.length)
      assert.ok((await store.read(root, 'big.bin')).equals(bytes))
    })

    it('writes an empty file', async () => {
      const info = await store.putFile(root, 'empty', new Uint8Array())
      assert.equal(info.sha256, sha256(Buffer.alloc(0)))
      assert.equal((await store.read(root, 'empty')).length, 0)
    })

    it('normalizes paths: redundant slashes and dots', async () => {
      const info = await store.putFile(root, './a//b/./c.txt', Buffer.from('x'))
      assert.equal(info.path, 'a/b/c.txt')
      assert.equal((await store.read(root, 'a/b/c.txt')).toString(), 'x')
    })

    it('overwrites a file with new content', async () => {
      await store.putFile(root, 'f.txt', Buffer.from('first, longer content'))
      const info = await store.putFile(root, 'f.txt', Buffer.from('second'))
      assert.equal((await store.read(root, 'f.txt')).toString(), 'second')
      assert.equal(info.fileSize, 6)
      assert.deepEqual(await store.list(root), [{ path: 'f.txt', isDir: false, fileSize: 6 }])
    })

    it('lists direct children only, sorted by path, folders flagged', async () => {
      await store.putFile(root, 'b.txt', Buffer.from('bb'))
      await store.putFile(root, 'a/deep/x.txt', Buffer.from('x'))
      await store.putFile(root, 'A.txt', Buffer.from('A'))
      const listed = await store.list(root)
      assert.deepEqual(
        listed.map(({ path, isDir, fileSize }) => ({ path, isDir, fileSize })),
        [
          { path: 'A.txt', isDir: false, fileSize: 1 },
          { path: 'a', isDir: true, fileSize: undefined },
          { path: 'b.txt', isDir: false, fileSize: 2 },
        ],
      )
      assert.deepEqual(
        (await store.list(root, 'a')).map((i) => [i.path, i.isDir]),
        [['a/deep', true]],
      )
      assert.deepEqual(
        (await store.list(root, 'a/deep/')).map((i) => i.path),
        ['a/deep/x.txt'],
      )
    })

    it('lists nothing for an empty root, a missing folder or a file', async () => {
      assert.deepEqual(await store.list(root), [])
      assert.deepEqual(await store.list(root, '.'), [])
      await store.putFile(root, 'f.txt', Buffer.from('x'))
      assert.deepEqual(await store.list(root, 'nope'), [])
      assert.deepEqual(await store.list(root, 'f.txt'), [])
    })

    it('puts a folder recursively and returns every file written, sorted', async () => {
      await mkdir(join(scratch, 'src', 'sub', 'deeper'), { recursive: true })
      await mkdir(join(scratch, 'src', 'empty'))
      await writeFile(join(scratch, 'src', 'top.txt'), 'top')
      await writeFile(join(scratch, 'src', 'sub', 'one.txt'), 'one')
      await writeFile(join(scratch, 'src', 'sub', 'deeper', 'two.txt'), 'two')
      const infos = await store.putDirectory(root, 'model', join(scratch, 'src'))
      assert.deepEqual(
        infos.map((i) => [i.path, i.fileSize, i.sha256]),
        [
          ['model/sub/deeper/two.txt', 3, sha256(Buffer.from('two'))],
          ['model/sub/one.txt', 3, sha256(Buffer.from('one'))],
          ['model/top.txt', 3, sha256(Buffer.from('top'))],
        ],
      )
      assert.deepEqual(
        (await store.list(root, 'model')).map((i) => [i.path, i.isDir]),
        [
          ['model/empty', true],
          ['model/sub', true],
          ['model/top.txt', false],
        ],
      )
      assert.equal((await store.read(root, 'model/sub/deeper/two.txt')).toString(), 'two')
    })

    it('puts a folder at the root', async () => {
      await mkdir(join(scratch, 'src'))
      await writeFile(join(scratch, 'src', 'x.txt'), 'x')
      const infos = await store.putDirectory(root, '', join(scratch, 'src'))
      assert.deepEqual(
        infos.map((i) => i.path),
        ['x.txt'],
      )
      assert.deepEqual(
        (await store.list(root)).map((i) => i.path),
        ['x.txt'],
      )
    })

    it('downloads a file into a destination folder', async () => {
      await store.putFile(root, 'a/b.txt', Buffer.from('bee'))
      const destination = join(scratch, 'out', 'new')
      const local = await store.download(root, 'a/b.txt', destination)
      assert.equal(local, join(destination, 'b.txt'))
      assert.equal(await readFile(local, 'utf8'), 'bee')
    })

    it('downloads a folder, and the whole root', async () => {
      await store.putFile(root, 'm/x.txt', Buffer.from('x'))
      await store.putFile(root, 'm/sub/y.txt', Buffer.from('y'))
      await store.putFile(root, 'top.txt', Buffer.from('t'))
      const folder = await store.download(root, 'm', join(scratch, 'one'))
      assert.equal(folder, join(scratch, 'one', 'm'))
      assert.deepEqual(await readTree(folder), { 'sub/y.txt': 'y', 'x.txt': 'x' })
      const all = await store.download(root, '', join(scratch, 'all'))
      assert.equal(all, join(scratch, 'all'))
      assert.deepEqual(await readTree(all), { 'm/sub/y.txt': 'y', 'm/x.txt': 'x', 'top.txt': 't' })
    })

    it('refuses traversal and malformed paths with SHIPYARD_ARTIFACT_PATH_INVALID naming the path', async () => {
      await mkdir(join(scratch, 'src'))
      for (const bad of TRAVERSALS) {
        const refused = isPathInvalid(bad)
        await assert.rejects(
          store.putFile(root, bad, Buffer.from('x')),
          refused,
          `putFile ${JSON.stringify(bad)}`,
        )
        await assert.rejects(store.putDirectory(root, bad, join(scratch, 'src')), refused)
        await assert.rejects(store.read(root, bad), refused, `read ${JSON.stringify(bad)}`)
        await assert.rejects(store.list(root, bad), refused, `list ${JSON.stringify(bad)}`)
        await assert.rejects(store.download(root, bad, join(scratch, 'out')), refused)
      }
      assert.deepEqual(await store.list(root), [])
    })

    it('refuses to write a file at the root or over a folder', async () => {
      await assert.rejects(store.putFile(root, '', Buffer.from('x')), isPathInvalid(''))
      await store.putFile(root, 'dir/x.txt', Buffer.from('x'))
      await assert.rejects(store.putFile(root, 'dir', Buffer.from('x')), isPathInvalid('dir'))
      await assert.rejects(store.putFile(root, 'dir/x.txt/y', Buffer.from('y')), isPathInvalid('dir/x.txt/y'))
      assert.equal((await store.read(root, 'dir/x.txt')).toString(), 'x')
    })

    it('reports a missing path as RESOURCE_DOES_NOT_EXIST', async () => {
      const missing = (error: unknown) =>
        error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST'
      await assert.rejects(store.read(root, 'nope.txt'), missing)
      await assert.rejects(store.download(root, 'nope', join(scratch, 'out')), missing)
      await store.putFile(root, 'f.txt', Buffer.from('x'))
      await assert.rejects(store.read(root, 'f.txt/below'), missing)
      await assert.rejects(store.read(root, 'nope/deeper.txt'), missing)
      await assert.rejects(store.putFile(root, 'g.txt', { localPath: join(scratch, 'absent') }), missing)
      await assert.rejects(store.putDirectory(root, 'g', join(scratch, 'absent')), missing)
    })

    it('leaves one complete content when the same path is written concurrently', async () => {
      const contents = Array.from({ length: 12 }, (_, i) => Buffer.alloc(256 * 1024 + i, i + 1))
      const infos = await Promise.all(contents.map((bytes) => store.putFile(root, 'race.bin', bytes)))
      const final = await store.read(root, 'race.bin')
      const match = contents.findIndex((bytes) => bytes.equals(final))
      assert.ok(match >= 0, `torn file: ${final.length} bytes match no written content`)
      assert.equal(infos[match]?.sha256, sha256(final))
      assert.deepEqual(
        (await store.list(root)).map((i) => i.path),
        ['race.bin'],
      )
    })

    it('leaves nothing behind when a write fails', async () => {
      await assert.rejects(store.putFile(root, 'x/y.txt', { localPath: join(scratch, 'absent') }))
      await assert.rejects(store.putFile(root, 'x', { localPath: scratch }))
      await store.putFile(root, 'kept.txt', Buffer.from('kept'))
      await assert.rejects(store.putFile(root, 'kept.txt/child', Buffer.from('x')))
      assert.deepEqual(await store.list(root), [{ path: 'kept.txt', isDir: false, fileSize: 4 }])
    })

    it('refuses a path that a link leads out of the root, and hides the link', async (t) => {
      if (!f.linkOutside) return t.skip('the backend has no links')
      await store.putFile(root, 'inside.txt', Buffer.from('in'))
      const listOutside = await f.linkOutside('escape')
      const before = await listOutside()
      const refused = isPathInvalid
      await assert.rejects(store.read(root, 'escape/secret.txt'), refused('escape/secret.txt'))
      await assert.rejects(store.list(root, 'escape'), refused('escape'))
      await assert.rejects(store.download(root, 'escape', join(scratch, 'out')), refused('escape'))
      await assert.rejects(store.putFile(root, 'escape/new.txt', Buffer.from('x')), refused('escape/new.txt'))
      await assert.rejects(
        store.putFile(root, 'escape/sub/new.txt', Buffer.from('x')),
        refused('escape/sub/new.txt'),
      )
      assert.deepEqual(await listOutside(), before)
      assert.deepEqual(
        (await store.list(root)).map((i) => i.path),
        ['inside.txt'],
      )
      const all = await store.download(root, '', join(scratch, 'all'))
      assert.deepEqual(await readTree(all), { 'inside.txt': 'in' })
    })
  })
}

/** Hex sha256 by node:crypto, the reference the store's streaming hash must equal. */
function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function isPathInvalid(path: string) {
  return (error: unknown) => {
    assert.ok(error instanceof ShipyardError, `expected a ShipyardError, got ${String(error)}`)
    assert.equal(error.code, 'SHIPYARD_ARTIFACT_PATH_INVALID', error.message)
    assert.equal(error.details.path, path)
    assert.ok(error.message.includes(JSON.stringify(path)), error.message)
    return true
  }
}

async function readTree(folder: string, prefix = ''): Promise<Record<string, string>> {
  const tree: Record<string, string> = {}
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`
    if (entry.isDirectory()) Object.assign(tree, await readTree(join(folder, entry.name), path))
    else tree[path] = await readFile(join(folder, entry.name), 'utf8')
  }
  return tree
}
