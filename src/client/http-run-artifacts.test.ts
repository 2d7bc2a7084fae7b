import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { artifactStoreFor } from '../artifacts/index.js'
import { startTestServer, type TestServer } from '../server/test-app.js'
import { ShipyardError } from '../shared/index.js'
import type { ArtifactRun, RunArtifacts } from '../tracking/index.js'
import { LocalRunArtifacts } from '../tracking/index.js'
import { HttpRunArtifacts } from './http-run-artifacts.js'

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

/** A local folder's files and their content, by relative path, folders as `/`-ended names. */
async function tree(folder: string, prefix = ''): Promise<Record<string, string>> {
  const found: Record<string, string> = {}
  for (const entry of (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  )) {
    const path = `${prefix}${entry.name}`
    if (entry.isDirectory())
      Object.assign(found, { [`${path}/`]: '' }, await tree(join(folder, entry.name), `${path}/`))
    else found[path] = await readFile(join(folder, entry.name), 'utf8')
  }
  return found
}

/** The result of a call, or its error's code and message: what both backends must agree on. */
async function outcome(call: () => Promise<unknown>) {
  try {
    return { ok: await call() }
  } catch (error) {
    assert.ok(error instanceof ShipyardError, `not a ShipyardError: ${String(error)}`)
    return { code: error.code, message: error.message }
  }
}

describe('HttpRunArtifacts behaves as LocalRunArtifacts', () => {
  let server: TestServer
  let backends: [string, RunArtifacts][]
  let scratch: string
  before(async () => {
    server = await startTestServer()
    backends = [
      ['local', new LocalRunArtifacts(server.store, artifactStoreFor)],
      ['http', new HttpRunArtifacts(server.url)],
    ]
    scratch = join(server.dir, 'scratch')
    await mkdir(join(scratch, 'model', 'sub'), { recursive: true })
    await writeFile(join(scratch, 'model', 'a.txt'), 'a')
    await writeFile(join(scratch, 'model', 'sub', 'b.txt'), 'bb')
    await writeFile(join(scratch, 'weights.bin'), 'weights')
    await mkdir(join(scratch, 'empty'))
  })
  after(() => server.close())

  /** Runs `scenario` with each backend on a fresh run of its own and asserts the same outcome. */
  async function same(
    scenario: (artifacts: RunArtifacts, run: ArtifactRun, label: string) => Promise<unknown>,
  ) {
    const outcomes = []
    for (const [label, artifacts] of backends) {
      const run = (await server.store.createRun()).info
      // Each backend has a run of its own, so run ids in messages are set aside.
      const result = JSON.stringify(await outcome(() => scenario(artifacts, run, label)))
      outcomes.push(JSON.parse(result.replaceAll(run.runId, '<run>')) as Awaited<ReturnType<typeof outcome>>)
    }
    assert.deepEqual(outcomes[1], outcomes[0])
    return outcomes[0]!
  }

  it('logs bytes, files and folders at the same paths with the same hashes, and lists them', async () => {
    const result = await same(async (artifacts, run) => {
      const logged = [
        await artifacts.logBytes(run, 'notes/readme.md', Buffer.from('hello')),
        ...(await artifacts.log(run, join(scratch, 'weights.bin'))),
        ...(await artifacts.log(run, join(scratch, 'weights.bin'), 'best/w.bin')),
        ...(await artifacts.log(run, join(scratch, 'model'))),
        ...(await artifacts.log(run, `${join(scratch, 'model')}/`, 'copy')),
      ]
      const listings = await Promise.all(
        ['', 'model', 'model/sub', 'notes/readme.md', 'absent'].map((p) => artifacts.list(run, p)),
      )
      return { logged, listings, records: await server.store.listArtifactRecords(run.runId) }
    })
    const { logged } = result.ok as { logged: { path: string; sha256: string }[] }
    assert.deepEqual(
      logged.map((info) => info.path),
      [
        'notes/readme.md',
        'weights.bin',
        'best/w.bin',
        'model/a.txt',
        'model/sub/b.txt',
        'copy/a.txt',
        'copy/sub/b.txt',
      ],
    )
    assert.equal(logged[0]?.sha256, sha256('hello'))
  })

  it('reads and downloads files, folders and the root alike', async () => {
    await same(async (artifacts, run, label) => {
      await artifacts.log(run, join(scratch, 'model'))
      await artifacts.logBytes(run, 'top.txt', Buffer.from('top'))
      const out = join(server.dir, `download-${label}`)
      const written = [
        (await artifacts.download(run, 'top.txt', join(out, 'file'))).slice(out.length),
        (await artifacts.download(run, 'model/', join(out, 'folder'))).slice(out.length),
        (await artifacts.download(run, '', join(out, 'root'))).slice(out.length),
        (await artifacts.download(run, './model/sub', join(out, 'sub'))).slice(out.length),
      ]
      return {
        read: (await artifacts.read(run, 'model/sub/b.txt')).toString(),
        written,
        files: await tree(out),
      }
    })
  })

  it('downloads an empty root into an empty folder', async () => {
    await same(async (artifacts, run, label) => {
      const out = join(server.dir, `empty-root-${label}`)
      return [(await artifacts.download(run, '', out)) === out, await tree(out)]
    })
  })

  it('fails the same way on bad paths, missing files, folders read as files and missing local files', async () => {
    const failures: [string, (artifacts: RunArtifacts, run: ArtifactRun) => Promise<unknown>][] = [
      ['escaping upload', (a, run) => a.logBytes(run, '../x', Buffer.from('x'))],
      ['root upload', (a, run) => a.logBytes(run, '', Buffer.from('x'))],
      ['backslash read', (a, run) => a.read(run, 'a\\b')],
      ['missing read', (a, run) => a.read(run, 'missing.bin')],
      ['escaping list', (a, run) => a.list(run, '../../')],
      ['missing download', (a, run) => a.download(run, 'missing.bin', join(server.dir, 'never'))],
      ['missing local file', (a, run) => a.log(run, join(scratch, 'nope.bin'))],
      ['bad folder target', (a, run) => a.log(run, join(scratch, 'model'), '../out')],
      [
        'folder read',
        async (a, run) => {
          await a.logBytes(run, 'dir/f', Buffer.from('f'))
          return a.read(run, 'dir')
        },
      ],
      [
        'file over a folder',
        async (a, run) => {
          await a.logBytes(run, 'dir/f', Buffer.from('f'))
          return a.logBytes(run, 'dir', Buffer.from('x'))
        },
      ],
    ]
    for (const [label, failure] of failures) {
      const result = await same(failure)
      assert.ok('code' in result, `${label} should fail`)
    }
  })

  it('reports an unknown run, even for an empty folder', async () => {
    const ghost = (label: string) => ({
      runId: 'f'.repeat(32),
      artifactUri: `file://${join(server.dir, `ghost-${label}`)}`,
    })
    for (const localPath of [join(scratch, 'weights.bin'), join(scratch, 'empty')]) {
      const outcomes = []
      for (const [label, artifacts] of backends)
        outcomes.push(await outcome(() => artifacts.log(ghost(label), localPath)))
      assert.deepEqual(outcomes[1], outcomes[0])
      assert.equal((outcomes[0] as { code?: string }).code, 'RESOURCE_DOES_NOT_EXIST')
    }
  })
})

describe('HttpRunArtifacts with large files', () => {
  let server: TestServer
  before(async () => {
    server = await startTestServer()
  })
  after(() => server.close())

  it('streams a 24 MB file up and down intact', async () => {
    const artifacts = new HttpRunArtifacts(server.url)
    const run = (await server.store.createRun()).info
    const bytes = randomBytes(24 * 1024 * 1024)
    const local = join(server.dir, 'big.bin')
    await writeFile(local, bytes)
    const [info] = await artifacts.log(run, local, 'big/big.bin')
    assert.deepEqual(info, {
      path: 'big/big.bin',
      isDir: false,
      fileSize: bytes.length,
      sha256: sha256(bytes),
    })
    const written = await artifacts.download(run, 'big/big.bin', join(server.dir, 'back'))
    assert.equal((await stat(written)).size, bytes.length)
    assert.equal(sha256(await readFile(written)), sha256(bytes))
    assert.equal(sha256(await artifacts.read(run, 'big/big.bin')), sha256(bytes))
  })
})
