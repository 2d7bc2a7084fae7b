import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { loadConfig } from '../../shared/index.js'
import { freshPostgresSchema } from '../../sql/test-databases.js'
import { openPredictionLog } from './open-prediction-log.js'
import { testRecord } from './prediction-log.test-suite.js'
import { DuckDbPredictionLog } from './stores/duckdb-prediction-log.js'
import { PostgresPredictionLog } from './stores/postgres-prediction-log.js'

const postgresUrl = process.env.SHIPYARD_TEST_DATABASE_URL

it('opens the embedded store under <home>/predictions when the database is SQLite', async () => {
  const home = await mkdtemp(join(tmpdir(), 'shipyard-home-'))
  try {
    const log = await openPredictionLog(loadConfig({ home }, {}), { autoCompact: false })
    assert.ok(log instanceof DuckDbPredictionLog)
    await log.append([testRecord('a', 1)])
    await log.close()
    assert.deepEqual(await readdir(join(home, 'predictions', 'model=churn')), ['hour=2024-05-01T10'])
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})

it('opens the prediction_log table when the database is PostgreSQL', {
  skip: postgresUrl ? false : 'SHIPYARD_TEST_DATABASE_URL is not set',
}, async () => {
  const db = await freshPostgresSchema(postgresUrl!, 'shipyard_predictions')
  try {
    const log = await openPredictionLog({ home: db.dir, database: db.target })
    assert.ok(log instanceof PostgresPredictionLog)
    await log.append([testRecord('a', 1)])
    assert.equal(await log.count({}), 1)
    await log.close()
  } finally {
    await db.dispose()
  }
})
