import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import type { ArtifactInfo } from '../../tracking/index.js'
import { assertError, call, openTestApp, type TestApp } from '../test-app.js'
import { withUploadedFile } from './artifact-upload.js'

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')
const octets = { 'content-type': 'application/octet-stream' }

describe('native API: /api/v1/runs/:runId/artifacts', () => {
  let t: TestApp
  let runId: string
  let base: string
  before(async () => {
    t = await openTestApp()
    runId = (await t.store.createRun()).info.runId
    base = `/api/v1/runs/${runId}`
  })
  after(() => t.close())
  const upload = (path: string, bytes: Buffer | string, headers: Record<string, string> = octets) =>
    call(
      t.app,
      'PUT',
      `${base}/artifacts/content?path=${encodeURIComponent(path)}`,
      Buffer.from(bytes),
      headers,
    )

  it('uploads raw bytes and answers the file with its size and sha256, recorded in the store', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254])
    const { status, body } = await upload('model/weights.bin', bytes)
    assert.equal(status, 200)
    const expected = { path: 'model/weights.bin', isDir: false, fileSize: 5, sha256: sha256(bytes) }
    assert.deepEqual(body, expected)
    assert.deepEqual(await t.store.listArtifactRecords(runId), [expected])
  })

  it('lists folders and downloads the exact bytes', async () => {
    await upload('model/config.json', '{"depth":6}')
    const root = await call(t.app, 'GET', `${base}/artifacts`)
    assert.deepEqual(root.body, { files: [{ path: 'model', isDir: true }] })
    const model = await call<{ files: ArtifactInfo[] }>(t.app, 'GET', `${base}/artifacts?path=model`)
    assert.deepEqual(
      model.body.files.map((file) => [file.path, file.sha256 !== undefined]),
      [
        ['model/config.json', true],
        ['model/weights.bin', true],
      ],
    )
    const download = await t.app.inject({
      method: 'GET',
      url: `${base}/artifacts/content?path=model/weights.bin`,
    })
    assert.equal(download.statusCode, 200)
    assert.equal(download.headers['content-type'], 'application/octet-stream')
    assert.deepEqual(download.rawPayload, Buffer.from([0, 1, 2, 255, 254]))
    assert.deepEqual((await call(t.app, 'GET', `${base}/artifacts?path=absent`)).body, { files: [] })
  })

  it('replaces a file and uploads an empty one', async () => {
    await upload('notes.txt', 'first')
    const replaced = await upload('notes.txt', 'second!')
    assert.equal((replaced.body as unknown as ArtifactInfo).fileSize, 7)
    const empty = await t.app.inject({
      method: 'PUT',
      url: `${base}/artifacts/content?path=empty.txt`,
      headers: octets,
    })
    assert.equal(empty.statusCode, 200)
    assert.equal(JSON.parse(empty.body).sha256, sha256(''))
  })

  it('refuses paths that leave the root or name a folder, and files that do not exist', async () => {
    for (const path of ['../escape', 'a/../../b', '/etc/passwd', 'a\\b']) {
      assertError(await upload(path, 'x'), 400, 'SHIPYARD_ARTIFACT_PATH_INVALID')
      const read = await call(t.app, 'GET', `${base}/artifacts/content?path=${encodeURIComponent(path)}`)
      assertError(read, 400, 'SHIPYARD_ARTIFACT_PATH_INVALID')
    }
    assertError(await upload('', 'x'), 400, 'SHIPYARD_ARTIFACT_PATH_INVALID', { message: /root/ })
    assertError(
      await call(t.app, 'GET', `${base}/artifacts/content?path=model`),
      400,
      'SHIPYARD_ARTIFACT_PATH_INVALID',
      {
        message: /folder/,
      },
    )
    assertError(
      await call(t.app, 'GET', `${base}/artifacts/content?path=missing.bin`),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
    assertError(await call(t.app, 'GET', `${base}/artifacts/content`), 400, 'INVALID_PARAMETER_VALUE', {
      field: 'path',
    })
  })

  it('takes bytes only as application/octet-stream', async () => {
    assertError(await upload('a.txt', 'x', { 'content-type': 'text/plain' }), 400, 'BAD_REQUEST', {
      message: /octet-stream/,
    })
    assertError(await upload('a.json', '{}', { 'content-type': 'application/json' }), 400, 'BAD_REQUEST')
    assertError(await upload('a.xml', '<a/>', { 'content-type': 'application/xml' }), 400, 'BAD_REQUEST')
  })

  it('answers 404 for an unknown run, whatever the body', async () => {
    const missing = `/api/v1/runs/${'f'.repeat(32)}`
    const put = await call(t.app, 'PUT', `${missing}/artifacts/content?path=a`, Buffer.from('x'), octets)
    assertError(put, 404, 'RESOURCE_DOES_NOT_EXIST')
    assertError(
      await call(t.app, 'GET', `${missing}/artifacts/content?path=a`),
      404,
      'RESOURCE_DOES_NOT_EXIST',
    )
  })

  it('records and lists artifact records; folders are not recorded', async () => {
    const { info } = await t.store.createRun()
    const url = `/api/v1/runs/${info.runId}/artifact-records`
    const file = { path: 'm/model.onnx', isDir: false, fileSize: 3, sha256: 'a'.repeat(64) }
    const posted = await call(t.app, 'POST', url, { files: [file, { path: 'm', isDir: true }] })
    assert.equal(posted.status, 204)
    assert.deepEqual((await call(t.app, 'GET', url)).body, { files: [file] })
    assertError(
      await call(t.app, 'POST', url, { files: [{ path: 'x', isDir: 'no' }] }),
      400,
      'INVALID_PARAMETER_VALUE',
      {
        field: 'files[0].isDir',
      },
    )
  })
})

describe('withUploadedFile', () => {
  let tempRoot: string
  before(async () => {
    tempRoot = await mkdtemp(join(tmpdir(), 'upload-test-'))
  })
  after(() => rm(tempRoot, { recursive: true, force: true }))
  const tempFolders = () => readdir(tempRoot)

  it('streams the body to a temp file, hands it over and removes it', async () => {
    let seenPath = ''
    const body = Readable.from([Buffer.from('ab'), Buffer.from('c')])
    const content = await withUploadedFile(
      body,
      '3',
      async (path) => {
        seenPath = path
        return (await readFile(path)).toString()
      },
      { tempRoot },
    )
    assert.equal(content, 'abc')
    assert.ok(seenPath.startsWith(tempRoot))
    assert.deepEqual(await tempFolders(), [])
  })

  it('refuses a body over the limit, by its Content-Length or as it streams, and cleans up', async () => {
    const never = async () => assert.fail('must not be called')
    const tooLong = (error: unknown) =>
      error instanceof ShipyardError &&
      error.code === 'INVALID_PARAMETER_VALUE' &&
      /5-byte/.test(error.message)
    const options = { limit: 5, tempRoot }
    await assert.rejects(withUploadedFile(Readable.from([Buffer.alloc(3)]), '10', never, options), tooLong)
    const streamed = Readable.from([Buffer.alloc(3), Buffer.alloc(3)])
    await assert.rejects(withUploadedFile(streamed, undefined, never, options), tooLong)
    await withUploadedFile(Readable.from([Buffer.alloc(5)]), '5', async () => {}, options)
    assert.deepEqual(await tempFolders(), [])
  })

  it('reports an upload that breaks off as BAD_REQUEST, not as a server failure', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.from('partial'))
        this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
      },
    })
    await assert.rejects(
      withUploadedFile(broken, undefined, async () => assert.fail('must not be called'), { tempRoot }),
      (error: unknown) => error instanceof ShipyardError && error.code === 'BAD_REQUEST',
    )
    assert.deepEqual(await tempFolders(), [])
  })

  it('takes no body as an empty file and refuses a parsed one', async () => {
    assert.equal(await withUploadedFile(undefined, undefined, async (path) => (await stat(path)).size), 0)
    await assert.rejects(
      withUploadedFile({ parsed: true }, undefined, async () => 0),
      (error: unknown) => error instanceof ShipyardError && error.code === 'BAD_REQUEST',
    )
  })
})
