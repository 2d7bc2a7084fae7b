import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CRASH_BATCH_SIZE } from './crash-appender.test-support.js'
import { DuckDbPredictionLog } from './duckdb-prediction-log.js'

const CHILD = fileURLToPath(new URL('./crash-appender.test-support.ts', import.meta.url))
const ACKS_BEFORE_KILL = 25

it('keeps every batch acknowledged before a kill -9, with no unreadable file and nothing counted twice', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shipyard-crash-'))
  const directory = join(dir, 'predictions')
  try {
    const acked = await appendUntilKilled(directory)
    assert.ok(acked >= ACKS_BEFORE_KILL)
    const store = await DuckDbPredictionLog.open({ directory, autoCompact: false })
    try {
      const seen = await requestIds(store)
      for (let batch = 0; batch < acked; batch++) {
        for (let i = 0; i < CRASH_BATCH_SIZE; i++)
          assert.equal(seen.get(`b${batch}-${i}`), 1, `b${batch}-${i}`)
      }
      // The batch in flight at the kill is there whole or not at all; nothing else is.
      const inFlight = [...seen.keys()].filter((id) => id.startsWith(`b${acked}-`)).length
      assert.ok(inFlight === 0 || inFlight === CRASH_BATCH_SIZE, `${inFlight} records of the batch in flight`)
      assert.equal(seen.size, acked * CRASH_BATCH_SIZE + inFlight)
      // Recovery then compaction of whatever the kill interrupted changes nothing readers see.
      assert.equal(await store.compact(), true)
      assert.deepEqual(await requestIds(store), seen)
      const folders = (await readdir(directory)).filter((name) => name.startsWith('model='))
      assert.deepEqual(folders.sort(), ['model=churn', 'model=fraud'])
    } finally {
      await store.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

// Every request id in the store with how many times it is read.
async function requestIds(store: DuckDbPredictionLog): Promise<Map<string, number>> {
  const { columns } = await store.columns({}, ['request_id'])
  const counts = new Map<string, number>()
  for (const id of columns.get('request_id') as string[]) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}

// Runs the child until it has acknowledged enough batches, kills it with SIGKILL; returns how many it acknowledged.
async function appendUntilKilled(directory: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, directory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_, signal) => resolve(signal)),
  )
  let acked = 0
  // Read to the end: acknowledgements written just before the kill still count.
  for await (const line of createInterface({ input: child.stdout })) {
    acked = Number(line) + 1
    if (acked === ACKS_BEFORE_KILL) child.kill('SIGKILL')
  }
  const signal = await exited
  assert.equal(signal, 'SIGKILL', `the child ended on its own: ${stderr}`)
  return acked
}
