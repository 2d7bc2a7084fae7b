import assert from 'node:assert/strict'
import { test } from 'node:test'
import { valueAt } from '../data/index.js'
import { feedsDataset } from './feeds-dataset.js'

test('each pipeline input becomes the column its type reads, from the feed of its name', () => {
  const dims = [3, 1]
  const dataset = feedsDataset(
    [
      { name: 'amount', type: 'numeric' },
      { name: 'member', type: 'boolean' },
      { name: 'signup', type: 'datetime' },
      { name: 'city', type: 'categorical' },
      { name: 'count', type: 'numeric' },
    ],
    {
      amount: { type: 'double', data: Float64Array.of(1.5, Number.NaN, -2), dims },
      member: { type: 'double', data: Float64Array.of(1, 0, Number.NaN), dims },
      signup: { type: 'double', data: Float64Array.of(0, 86_400_000, Number.NaN), dims },
      city: { type: 'string', data: ['oslo', '', 'lima'], dims },
      count: { type: 'int64', data: BigInt64Array.of(3n, 0n, 7n), dims },
      extra: { type: 'double', data: Float64Array.of(9, 9, 9), dims },
    },
  )
  assert.deepEqual(dataset.columnNames, ['amount', 'member', 'signup', 'city', 'count'])
  assert.deepEqual(
    dataset.columns.map((column) => column.type),
    ['numeric', 'boolean', 'datetime', 'text', 'numeric'],
  )
  const rows = Array.from({ length: 3 }, (_, row) => dataset.columns.map((column) => valueAt(column, row)))
  assert.deepEqual(rows, [
    [1.5, true, 0, 'oslo', 3],
    [null, false, 86_400_000, '', 0],
    [-2, null, null, 'lima', 7],
  ])
})
