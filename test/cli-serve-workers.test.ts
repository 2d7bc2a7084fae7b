// End-to-end tests of `shipyard serve --workers N` (node:cluster) over a real socket, with the built
// CLI: the workers share one port, one that dies is replaced, SIGTERM drains them all and exits 0,
// and a worker that cannot start stops the server.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer, type Server } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { homeWithModel, until } from '../src/serving/testing/serving-fixtures.js'
import { CLI, cleanEnv, requireBuiltCli, shipyard } from './cli-harness.js'

before(requireBuiltCli)

/** A fresh home whose registry serves `spend` version 1 as production. */
/**
 * One prediction on a connection of its own (no keep-alive), so that the primary hands each request
 * to the next worker. Resolves with the status.
 */
function predictOnNewConnection(url: string, requestId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const call = request(
      `${url}/v1/models/spend:predict`,
      { method: 'POST', agent: false, headers: { 'x-request-id': requestId } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode!))
      },
    )
    call.on('error', reject)
    call.end(JSON.stringify({ instances: [{ amount: 1, city: 'lima' }] }))
  })
}

/** The process ids that logged the given request ids (every Fastify log line carries `pid`). */
function pidsAnswering(stderr: string, requestIds: ReadonlySet<string>): Set<number> {
  const pids = new Set<number>()
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue
    const entry = JSON.parse(line) as { pid?: number; request_id?: string }
    if (entry.request_id !== undefined && requestIds.has(entry.request_id)) pids.add(entry.pid!)
  }
  return pids
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('shipyard serve --workers 2', () => {
  let home: string
  let server: ChildProcess
  let stderr = ''
  let started: { url: string; models: { name: string; version: number }[]; workers: number[] }
  let sent = 0

  before(async () => {
    home = await homeWithModel('shipyard-serve-workers-')
    server = spawn(process.execPath, [CLI, 'serve', '--workers', '2', '--port', '0', '--json'], {
      env: cleanEnv({ SHIPYARD_HOME: home }),
    })
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8')
    })
    started = await new Promise((resolve, reject) => {
      let stdout = ''
      server.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8')
        try {
          resolve(JSON.parse(stdout))
        } catch {
          // Not the whole document yet.
        }
      })
      server.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)))
      setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000).unref()
    })
  })
  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
    for (const pid of started?.workers ?? []) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
    rmSync(home, { recursive: true, force: true })
  })

  /** Predicts on new connections until each of `pids` has answered; every answer must be a 200. */
  async function predictUntilAnsweredBy(pids: readonly number[]): Promise<void> {
    const ids = new Set<string>()
    const deadline = Date.now() + 20_000
    while (!pids.every((pid) => pidsAnswering(stderr, ids).has(pid))) {
      assert.ok(
        Date.now() < deadline,
        `no answer from each of ${pids} after ${ids.size} requests:\n${stderr}`,
      )
      const id = `workers-test-${++sent}`
      ids.add(id)
      assert.equal(await predictOnNewConnection(started.url, id), 200)
      // The answering worker logs the request before it answers; its line reaches us through a pipe.
      await until(() => pidsAnswering(stderr, new Set([id])).size === 1, `the log line of ${id}`)
    }
  }

  it('prints one start report naming two worker processes, both answering on one port', async () => {
    assert.equal(started.workers.length, 2)
    assert.equal(new Set(started.workers).size, 2)
    assert.ok(!started.workers.includes(server.pid!), 'the primary supervises; it does not serve')
    assert.deepEqual(
      started.models.map((m) => [m.name, m.version]),
      [['spend', 1]],
    )
    await predictUntilAnsweredBy(started.workers)
  })

  it('replaces a worker that dies, and the new one answers', async () => {
    const [victim, survivor] = started.workers as [number, number]
    process.kill(victim, 'SIGKILL')
    const replaced = new RegExp(
      `worker ${victim} exited unexpectedly \\(signal SIGKILL\\); started worker (\\d+)`,
    )
    await until(() => replaced.test(stderr), 'the replacement of the killed worker')
    const replacement = Number(replaced.exec(stderr)![1])
    await until(() => stderr.includes(`worker ${replacement} is serving`), 'the replacement to serve')
    await predictUntilAnsweredBy([survivor, replacement])
    started.workers = [survivor, replacement]
  })

  it('drains every worker on SIGTERM and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
    server.kill('SIGTERM')
    assert.equal(await exited, 0, stderr)
    assert.match(stderr, /SIGTERM: shutting down 2 worker processes/)
    for (const pid of started.workers) assert.ok(!isRunning(pid), `worker ${pid} is gone`)
    await assert.rejects(fetch(`${started.url}/healthz`), 'no longer listening')
  })
})

describe('shipyard serve --workers 2 that cannot start', () => {
  let home: string
  let taken: Server
  before(async () => {
    home = await homeWithModel('shipyard-serve-workers-')
    taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  })
  after(() => {
    taken.close()
    rmSync(home, { recursive: true, force: true })
  })

  it('stops the other workers and exits 1 when a worker fails before serving (here: the port is taken)', () => {
    const port = String((taken.address() as { port: number }).port)
    const result = shipyard(['serve', '--workers', '2', '--port', port], { SHIPYARD_HOME: home })
    assert.equal(result.status, 1, result.stderr)
    assert.equal(result.stdout, '')
    assert.match(result.stderr, new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is already in use`))
    assert.match(result.stderr, /error: worker process \d+ exited \(code 1\) before it served/)
  })
})
