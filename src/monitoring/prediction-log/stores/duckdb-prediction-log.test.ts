import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import type { PredictionRecord } from '../prediction-log.js'
import { describePredictionLogConformance, T0, testRecord } from '../prediction-log.test-suite.js'
import { DuckDbPredictionLog, type DuckDbPredictionLogOptions } from './duckdb-prediction-log.js'

const HOUR = 3_600_000

describePredictionLogConformance('duckdb', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shipyard-predictions-'))
  const store = await DuckDbPredictionLog.open({ directory: join(dir, 'predictions') })
  return {
    store,
    dispose: async () => {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
})

describe('DuckDbPredictionLog files', () => {
  let dir: string
  let directory: string
  const stores: DuckDbPredictionLog[] = []
  // Compaction runs only when a test asks; the clock is one hour past the records' hours by default.
  const open = async (options: Partial<DuckDbPredictionLogOptions> = {}) => {
    const store = await DuckDbPredictionLog.open({
      directory,
      autoCompact: false,
      compaction: { fanIn: 3, closeDelayMs: 0 },
      now: () => T0 + 3 * HOUR,
      ...options,
    })
    stores.push(store)
    return store
  }
  const hourFolder = (model: string, hour: string) => join(directory, `model=${model}`, `hour=${hour}`)
  const dataFiles = async (folder: string) =>
    (await readdir(folder)).filter((n) => n.endsWith('.parquet')).sort()
  const batch = (prefix: string, n: number, minute: number, overrides: Partial<PredictionRecord> = {}) =>
    Array.from({ length: n }, (_, i) => testRecord(`${prefix}${i}`, minute, overrides))

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipyard-predictions-'))
    directory = join(dir, 'predictions')
  })
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('writes Hive-style partitions of Parquet files with typed input and output columns', async () => {
    const store = await open()
    await store.append([
      testRecord('a', 1, { model: 'churn/eu v2' }),
      testRecord('b', 61, { inputs: { age: 40, city: 'oslo', member: false } }),
    ])
    const [file] = await dataFiles(hourFolder('churn', '2024-05-01T11'))
    assert.match(file!, /^L0-\d+-\d+-[0-9a-f]{16}\.parquet$/)
    assert.equal((await dataFiles(hourFolder('churn%2Feu%20v2', '2024-05-01T10'))).length, 1)
    const types = await describeParquet(join(hourFolder('churn', '2024-05-01T11'), file!))
    assert.equal(types.get('inputs.age'), 'DOUBLE')
    assert.equal(types.get('inputs.city'), 'VARCHAR')
    assert.equal(types.get('inputs.member'), 'BOOLEAN')
    assert.equal(types.get('outputs.probability'), 'DOUBLE')
    assert.equal(types.get('time'), 'BIGINT')
    assert.deepEqual(
      (await store.search({ model: 'churn/eu v2' })).map((r) => r.requestId),
      ['a'],
    )
  })

  it('merges an open hour a level at a time, three files to one, and an ended hour into one file', async () => {
    const clock = { now: T0 + 30 * 60_000 }
    const store = await open({ now: () => clock.now })
    const folder = hourFolder('churn', '2024-05-01T10')
    const levels = async () => (await dataFiles(folder)).map((n) => n.slice(0, 2))
    for (let i = 0; i < 8; i++) {
      await store.append(batch(`r${i}-`, 4, 1 + i))
      await store.compact()
    }
    assert.deepEqual(await levels(), ['L0', 'L0', 'L1', 'L1'])
    await store.append(batch('r8-', 4, 9))
    await store.compact()
    assert.deepEqual(await levels(), ['L2'])
    await store.append(batch('r9-', 4, 10))
    await store.compact()
    assert.deepEqual(await levels(), ['L0', 'L2'])
    assert.equal(await store.count({}), 40)
    clock.now = T0 + 2 * HOUR
    await store.compact()
    assert.deepEqual(await levels(), ['L3'])
    assert.equal(await store.count({}), 40)
    assert.deepEqual(
      (await store.search({ limit: 2 })).map((r) => r.requestId),
      ['r9-0', 'r9-1'],
    )
  })

  it('never merges files that disagree on a column type', async () => {
    const store = await open()
    await store.append([testRecord('a', 1, { inputs: { age: 1 } })])
    await store.append([testRecord('b', 2, { inputs: { age: 'x' } })])
    await store.append([testRecord('c', 3, { inputs: { age: 3 } })])
    await store.compact()
    assert.equal((await dataFiles(hourFolder('churn', '2024-05-01T10'))).length, 2)
    assert.deepEqual(
      (await store.search({})).map((r) => r.inputs.age),
      [3, 'x', 1],
    )
  })

  it('reads nothing twice when a merge is interrupted after it committed, and finishes it later', async () => {
    const store = await open()
    for (let i = 0; i < 3; i++) await store.append(batch(`r${i}-`, 5, 1 + i))
    const crash = new Error('crash after commit')
    await assert.rejects(() => store.compact({ afterCommit: async () => Promise.reject(crash) }), crash)
    const folder = hourFolder('churn', '2024-05-01T10')
    const names = await readdir(folder)
    assert.equal(names.filter((n) => n.startsWith('L0')).length, 3)
    assert.equal(names.filter((n) => n.endsWith('.sources')).length, 1)
    const reopened = await open()
    assert.equal(await reopened.count({}), 15)
    assert.equal((await reopened.search({ limit: 100 })).length, 15)
    await reopened.compact()
    assert.deepEqual(
      (await readdir(folder)).map((n) => n.slice(0, 2)),
      ['L1'],
    )
    assert.equal(await reopened.count({}), 15)
  })

  it('ignores and then removes what a crash left before a commit: temp files, a manifest without its file', async () => {
    const store = await open()
    await store.append(batch('a', 3, 1))
    const folder = hourFolder('churn', '2024-05-01T10')
    const [kept] = await dataFiles(folder)
    const temp = join(folder, '.L1-1-1-0000000000000000.parquet.tmp')
    await writeFile(temp, 'half a file')
    await writeFile(join(folder, 'L1-1-1-0000000000000001.sources'), JSON.stringify([kept]))
    const old = new Date(Date.now() - HOUR)
    await utimes(temp, old, old)
    assert.equal(await store.count({}), 3)
    await store.compact()
    assert.deepEqual(await readdir(folder), [kept])
  })

  it('makes a batch spanning partitions visible whole or not at all (pending journal)', async () => {
    const store = await open()
    await store.append([...batch('a', 2, 1), ...batch('b', 2, 70, { model: 'fraud' })])
    assert.equal(await store.count({}), 4)
    // A crash before the journal was removed: its files stay invisible, then recovery deletes them.
    const files = [
      ...(await dataFiles(hourFolder('churn', '2024-05-01T10'))).map((n) =>
        join(hourFolder('churn', '2024-05-01T10'), n),
      ),
      ...(await dataFiles(hourFolder('fraud', '2024-05-01T11'))).map((n) =>
        join(hourFolder('fraud', '2024-05-01T11'), n),
      ),
    ]
    const journal = join(directory, '.pending', 'crashed.json')
    await writeFile(journal, JSON.stringify(files))
    assert.equal(await store.count({}), 0)
    assert.deepEqual(await store.search({}), [])
    await store.compact()
    assert.deepEqual(
      await readdir(join(directory, '.pending')),
      ['crashed.json'],
      'a young journal may be a live append',
    )
    const old = new Date(Date.now() - HOUR)
    await utimes(journal, old, old)
    const later = await open()
    await later.compact()
    assert.deepEqual(await readdir(join(directory, '.pending')), [])
    assert.equal(await later.count({}), 0)
    assert.deepEqual(await dataFiles(hourFolder('churn', '2024-05-01T10')), [])
  })

  it('leaves maintenance to the process holding the lock, and takes over a dead holder’s lock', async () => {
    const store = await open()
    await store.append(batch('a', 1, 1))
    await store.append(batch('b', 1, 2))
    const lock = join(directory, '.maintenance.lock')
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere', since: Date.now() }))
    assert.equal(await store.compact(), false)
    assert.equal((await dataFiles(hourFolder('churn', '2024-05-01T10'))).length, 2)
    const old = new Date(Date.now() - HOUR)
    await utimes(lock, old, old)
    assert.equal(await store.compact(), true)
    assert.equal((await dataFiles(hourFolder('churn', '2024-05-01T10'))).length, 1)
    await assert.rejects(readFile(lock), { code: 'ENOENT' })
  })

  it('removes whole hours by age: a record older than maxAgeMs in a younger hour stays', async () => {
    const now = Date.parse('2024-05-01T13:30:00Z')
    const store = await open({ now: () => now })
    await store.append([
      testRecord('gone', 0, { time: Date.parse('2024-05-01T10:59:00Z') }),
      testRecord('stays', 0, { time: Date.parse('2024-05-01T11:10:00Z') }),
    ])
    assert.equal(await store.enforceRetention({ maxAgeMs: 2.5 * HOUR }), 1)
    assert.deepEqual(
      (await store.search({})).map((r) => r.requestId),
      ['stays'],
    )
    assert.deepEqual(await readdir(join(directory, 'model=churn')), ['hour=2024-05-01T11'])
  })

  it('compacts in the background after appends when asked to', async () => {
    const store = await open({ autoCompact: true })
    for (let i = 0; i < 3; i++) await store.append(batch(`r${i}-`, 2, 1 + i))
    await store.close()
    assert.equal((await dataFiles(hourFolder('churn', '2024-05-01T10'))).length, 1)
    assert.equal(await (await open()).count({}), 6)
  })
})

async function describeParquet(path: string): Promise<Map<string, string>> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const reader = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`)
    return new Map(reader.getRowsJS().map((row) => [row[0] as string, row[1] as string]))
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
