import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { openPredictionLog } from './open-prediction-log.js'
import { testRecord } from './prediction-log.test-suite.js'
import { WorkerAppender } from './worker-appender.js'

describe('WorkerAppender', () => {
  it('appends on its worker thread into the log the configuration names, readable once append resolves', async () => {
    const home = await mkdtemp(join(tmpdir(), 'shipyard-worker-appender-'))
    const config = { home, database: { kind: 'sqlite' as const, path: join(home, 'shipyard.db') } }
    const appender = new WorkerAppender(config, { autoCompact: false })
    const reader = await openPredictionLog(config, { autoCompact: false })
    try {
      await appender.append([testRecord('r1', 0), testRecord('r2', 1)])
      await appender.append([
        testRecord('r3', 2, { errorCode: 'INVALID_PARAMETER_VALUE', errorMessage: 'no' }),
      ])
      const found = await reader.search({ model: 'churn' })
      assert.deepEqual(
        found.map((record) => record.requestId),
        ['r3', 'r2', 'r1'],
      )
      assert.deepEqual(found[2], testRecord('r1', 0))
      // The worker's store refuses what any store refuses, and the refusal comes back as the rejection.
      await assert.rejects(appender.append([testRecord('bad', 0, { row: -1 })]), /row/)
      await appender.close()
      await assert.rejects(appender.append([testRecord('late', 3)]), /exited|closed/)
    } finally {
      await reader.close()
      await rm(home, { recursive: true, force: true })
    }
  })
})
