import { join } from 'node:path'
import { describeEachBackend } from '../../sql/test-databases.js'
import { describeTrackingStoreConformance } from '../tracking-store.test-suite.js'
import { SqlTrackingStore } from './sql-tracking-store.js'

describeEachBackend('SqlTrackingStore', (backend) => {
  describeTrackingStoreConformance(backend.name, async () => {
    const db = await backend.create()
    const store = await SqlTrackingStore.open({
      database: db.target,
      artifactRoot: join(db.dir, 'artifacts'),
    })
    return {
      store,
      dispose: async () => {
        await store.close()
        await db.dispose()
      },
    }
  })
})
