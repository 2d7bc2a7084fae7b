// End-to-end crash test of the prediction log behind the real server (issue 7): `shipyard serve` (built
// CLI) answers single-row predictions from a few concurrent clients and is killed with SIGKILL mid-load.
// The log left under SHIPYARD_HOME must open and read, hold every request answered more than one flush
// interval (1 s) plus slack before the kill, and hold no request that was never answered.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { MAX_SEARCH_LIMIT, openPredictionLog } from '../src/monitoring/index.js'
import { homeWithModel } from '../src/serving/testing/serving-fixtures.js'
import { CLI, cleanEnv, requireBuiltCli } from './cli-harness.js'

/** The flush interval `PredictionLogWriter` promises by default (the server does not change it). */
const FLUSH_INTERVAL_MS = 1000
/** What a kill may lose: answers of the last flush interval, plus slack for the append itself. */
const MAY_LOSE_MS = FLUSH_INTERVAL_MS + 200
/** How long the clients predict before the kill: a few flush intervals. */
const LOAD_MS = 3000
const CLIENTS = 4

before(requireBuiltCli)

let home: string
let server: ChildProcess | undefined
before(async () => {
  home = await homeWithModel('shipyard-serve-crash-')
})
after(() => {
  if (server?.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
  rmSync(home, { recursive: true, force: true })
})

/** Starts `shipyard serve` on `home` and resolves with its URL once it serves. */
function startServer(): Promise<string> {
  const child = spawn(process.execPath, [CLI, 'serve', '--model', 'spend', '--port', '0', '--json'], {
    env: cleanEnv({ SHIPYARD_HOME: home }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server = child
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
  })
  return new Promise((resolve, reject) => {
    let stdout = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      try {
        resolve((JSON.parse(stdout) as { url: string }).url)
      } catch {
        // Not the whole document yet.
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before it served: ${stderr}`)))
    setTimeout(() => reject(new Error(`serve did not start in 30 s: ${stderr}`)), 30_000).unref()
  })
}

/**
 * Predicts one row after another until the server is gone; returns each answered request's id with
 * the time (epoch ms) its whole answer arrived. Answers read after the kill count: the server sent them.
 */
async function predictUntilKilled(url: string, killed: () => boolean): Promise<Map<string, number>> {
  const answered = new Map<string, number>()
  for (let i = 0; !killed(); i++) {
    let body: { request_id: string }
    try {
      const response = await fetch(`${url}/v1/models/spend:predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: [{ amount: i % 40, city: i % 2 ? 'lima' : 'oslo' }] }),
      })
      assert.equal(response.status, 200)
      body = (await response.json()) as { request_id: string }
    } catch (error) {
      if (killed()) break
      throw error
    }
    answered.set(body.request_id, Date.now())
  }
  return answered
}

it('keeps every prediction answered over a second before a kill -9, and none never answered', async (t) => {
  const url = await startServer()
  let killedAt = 0
  const killed = () => killedAt > 0
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    server!.once('exit', (_code, signal) => resolve(signal)),
  )
  const loadStarted = Date.now()
  const clients = Array.from({ length: CLIENTS }, () => predictUntilKilled(url, killed))
  await sleep(LOAD_MS)
  killedAt = Date.now()
  server!.kill('SIGKILL')
  assert.equal(await exited, 'SIGKILL', 'the server was still running at the kill')
  const answered = new Map<string, number>()
  for (const client of await Promise.all(clients)) for (const [id, at] of client) answered.set(id, at)

  const log = await openPredictionLog(
    { home, database: { kind: 'sqlite', path: join(home, 'shipyard.db') } },
    { autoCompact: false },
  )
  let logged: Set<string>
  try {
    const records = await log.search({ model: 'spend', limit: MAX_SEARCH_LIMIT })
    assert.ok(records.length < MAX_SEARCH_LIMIT, 'the search saw every record')
    assert.equal(await log.count({}), records.length)
    logged = new Set(records.map((r) => r.requestId))
    assert.equal(logged.size, records.length, 'one record per single-row request')
    for (const r of records) assert.ok(r.errorCode === null && typeof r.outputs.prediction === 'number')
  } finally {
    await log.close()
  }

  const mustBeLogged = [...answered].filter(([, at]) => at < killedAt - MAY_LOSE_MS)
  assert.ok(mustBeLogged.length > 0, `no answer came more than ${MAY_LOSE_MS} ms before the kill`)
  const lost = mustBeLogged.filter(([id]) => !logged.has(id))
  assert.deepEqual(
    lost.map(([id, at]) => `${id} answered ${killedAt - at} ms before the kill`),
    [],
    `${lost.length} of ${mustBeLogged.length} requests answered over ${MAY_LOSE_MS} ms before the kill are not logged`,
  )
  const neverAnswered = [...logged].filter((id) => !answered.has(id))
  assert.deepEqual(neverAnswered, [], 'logged requests that no client got an answer to')

  const unlogged = [...answered].filter(([id]) => !logged.has(id)).map(([, at]) => at)
  const window = unlogged.length === 0 ? 0 : killedAt - Math.min(...unlogged)
  t.diagnostic(
    `${answered.size} answered in ${killedAt - loadStarted} ms, ${logged.size} logged; the unlogged ` +
      `were answered in the last ${window} ms before the kill`,
  )
})
