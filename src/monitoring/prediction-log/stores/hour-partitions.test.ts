import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { hourFolderName, listPartitions, modelFolderName, partitionPath } from './hour-partitions.js'

it('names model folders safely and hour folders in UTC', () => {
  assert.equal(modelFolderName('churn-v2.b_1'), 'model=churn-v2.b_1')
  assert.equal(modelFolderName('../etc/passwd'), 'model=..%2Fetc%2Fpasswd')
  assert.equal(modelFolderName('ø ~'), 'model=%C3%B8%20%7E')
  const long = modelFolderName('x'.repeat(300))
  assert.ok(long.length <= 126 && /~[0-9a-f]{16}$/.test(long), long)
  assert.notEqual(long, modelFolderName(`${'x'.repeat(299)}y`))
  assert.equal(hourFolderName(Date.parse('2024-05-01T13:59:59.999Z')), 'hour=2024-05-01T13')
})

it('lists the partitions a model and time window can hold, oldest first', async () => {
  const root = await mkdtemp(join(tmpdir(), 'shipyard-hours-'))
  try {
    const at = (model: string, iso: string) =>
      mkdir(partitionPath(root, model, Date.parse(iso)), { recursive: true })
    await at('churn', '2024-05-01T10:00:00Z')
    await at('churn', '2024-05-01T12:00:00Z')
    await at('fraud', '2024-05-01T11:00:00Z')
    await mkdir(join(root, 'model=churn', '.removed-hour=2024-05-01T09-ab'))
    await mkdir(join(root, 'feedback'))
    const hours = async (filter: Parameters<typeof listPartitions>[1]) =>
      (await listPartitions(root, filter)).map((p) => new Date(p.start).toISOString().slice(11, 13))
    assert.deepEqual(await hours({}), ['10', '11', '12'])
    assert.deepEqual(await hours({ model: 'churn' }), ['10', '12'])
    assert.deepEqual(await hours({ since: Date.parse('2024-05-01T10:59:59Z') }), ['10', '11', '12'])
    assert.deepEqual(
      await hours({ since: Date.parse('2024-05-01T11:00:00Z'), until: Date.parse('2024-05-01T12:00:00Z') }),
      ['11'],
    )
    assert.deepEqual(await hours({ model: 'nobody' }), [])
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
