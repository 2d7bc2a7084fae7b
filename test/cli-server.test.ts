// End-to-end tests of `shipyard server` over a real socket: health, MLflow's API, the CLI as a
// remote client, and a clean shutdown on SIGTERM.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CLI, cleanEnv, json, ok, type RunJson, requireBuiltCli, shipyard } from './cli-harness.js'

before(requireBuiltCli)

describe('shipyard server', () => {
  let home: string
  let server: ChildProcess
  let url: string
  let stderr = ''

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'shipyard-server-'))
    ok(['quickstart'], { SHIPYARD_HOME: home })
    server = spawn(process.execPath, [CLI, 'server', '--port', '0', '--json'], {
      env: cleanEnv({ SHIPYARD_HOME: home }),
    })
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    url = await new Promise<string>((resolve, reject) => {
      let stdout = ''
      server.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        try {
          resolve((JSON.parse(stdout) as { url: string }).url)
        } catch {
          // Not the whole document yet.
        }
      })
      server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)))
      setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000).unref()
    })
  })
  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
    rmSync(home, { recursive: true, force: true })
  })

  it('prints its URL and answers /health', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const response = await fetch(`${url}/health`)
    assert.equal(response.status, 200)
    assert.deepEqual(await response.json(), { status: 'ok' })
  })

  it("answers MLflow's experiments/list with the quickstart experiment", async () => {
    const response = await fetch(`${url}/api/2.0/mlflow/experiments/list`)
    assert.equal(response.status, 200)
    const body = (await response.json()) as { experiments: { name: string; experiment_id: string }[] }
    assert.ok(
      body.experiments.some((e) => e.name === 'quickstart'),
      JSON.stringify(body),
    )
  })

  it('serves the CLI itself through SHIPYARD_TRACKING_URI', () => {
    const listed = json<{ runs: RunJson[] }>(['runs', 'list', '--experiment', 'quickstart'], {
      SHIPYARD_TRACKING_URI: url,
      SHIPYARD_HOME: join(home, 'unused'),
    })
    assert.equal(listed.runs.length, 5, 'the churn-sweep parent and its four runs')
    assert.ok(!existsSync(join(home, 'unused')), 'a remote client opens no local store')
  })

  it('a second server on the same port fails with a message naming the port', () => {
    const port = new URL(url).port
    const result = shipyard(['server', '--port', port], { SHIPYARD_HOME: home })
    assert.equal(result.status, 1)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, new RegExp(`^error: port ${port} on 127\\.0\\.0\\.1 is already in use`))
  })

  it('closes cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    assert.equal(await exited, 0, stderr)
    assert.match(stderr, /SIGTERM: shutting down/)
    await assert.rejects(fetch(`${url}/health`))
  })
})
