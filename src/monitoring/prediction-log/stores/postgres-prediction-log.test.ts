import { it } from 'node:test'
import { freshPostgresSchema } from '../../../sql/test-databases.js'
import { describePredictionLogConformance } from '../prediction-log.test-suite.js'
import { PostgresPredictionLog } from './postgres-prediction-log.js'

const url = process.env.SHIPYARD_TEST_DATABASE_URL

if (url === undefined || url === '') {
  it('PostgresPredictionLog conformance', { skip: 'SHIPYARD_TEST_DATABASE_URL is not set' }, () => {})
} else {
  describePredictionLogConformance('postgres', async () => {
    const db = await freshPostgresSchema(url, 'shipyard_predictions')
    const store = await PostgresPredictionLog.open((db.target as { url: string }).url)
    return {
      store,
      dispose: async () => {
        await store.close()
        await db.dispose()
      },
    }
  })
}
