import assert from 'node:assert/strict'
import { it } from 'node:test'
import { retryVanished } from './prediction-files.js'

it('retries a read whose files vanished under it, and nothing else', async () => {
  let calls = 0
  const flaky = async () => {
    if (++calls < 3) throw new Error('IO Error: No files found that match the pattern "/x/L0-1.parquet"')
    return 'read'
  }
  assert.equal(await retryVanished(flaky), 'read')
  assert.equal(calls, 3)
  calls = 0
  await assert.rejects(
    retryVanished(async () => {
      calls++
      throw new Error('Binder Error: something else')
    }),
    /Binder Error/,
  )
  assert.equal(calls, 1)
  calls = 0
  await assert.rejects(
    retryVanished(async () => {
      calls++
      throw new Error('No such file or directory')
    }),
    /No such file/,
  )
  assert.equal(calls, 4)
})
