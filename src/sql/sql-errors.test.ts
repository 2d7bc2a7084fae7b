import assert from 'node:assert/strict'
import { it } from 'node:test'
import { openSqlDatabase } from './sql-database.js'
import { isUniqueViolation } from './sql-errors.js'
import { describeEachBackend } from './test-databases.js'

describeEachBackend('isUniqueViolation', (backend) => {
  it('tells a duplicate key from other failures', async () => {
    const test = await backend.create()
    const sql = await openSqlDatabase(test.target)
    try {
      const duplicate = await sql.db
        .insertInto('shipyard_meta')
        .values({ key: 'application', value: 'again' })
        .execute()
        .catch((error: unknown) => error)
      assert.equal(isUniqueViolation(duplicate), true)
      const missingTable = await sql.db
        .selectFrom('no_such_table' as never)
        .selectAll()
        .execute()
        .catch((error: unknown) => error)
      assert.equal(isUniqueViolation(missingTable), false)
      assert.equal(isUniqueViolation(null), false)
    } finally {
      await sql.close()
      await test.dispose()
    }
  })
})
