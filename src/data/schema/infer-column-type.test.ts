import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  categoricalMaxDistinct,
  DEFAULT_CATEGORICAL_MAX_DISTINCT,
  inferColumnType,
  SMALL_CATEGORY_COUNT,
} from './infer-column-type.js'

describe('inferColumnType', () => {
  it('maps numbers, booleans and timestamps directly', () => {
    const stats = { nonNull: 10, distinct: 3 }
    assert.equal(inferColumnType('number', stats), 'numeric')
    assert.equal(inferColumnType('boolean', stats), 'boolean')
    assert.equal(inferColumnType('temporal', stats), 'datetime')
  })

  it('makes repeating strings categorical and one-off strings text', () => {
    assert.equal(inferColumnType('string', { nonNull: 1000, distinct: 40 }), 'categorical')
    assert.equal(inferColumnType('string', { nonNull: 1000, distinct: 500 }), 'categorical')
    assert.equal(inferColumnType('string', { nonNull: 1000, distinct: 501 }), 'text')
    assert.equal(inferColumnType('string', { nonNull: 1000, distinct: 1000 }), 'text')
  })

  it('keeps a small file of labels categorical, up to SMALL_CATEGORY_COUNT distinct', () => {
    assert.equal(inferColumnType('string', { nonNull: 3, distinct: 3 }), 'categorical')
    assert.equal(
      inferColumnType('string', { nonNull: SMALL_CATEGORY_COUNT + 1, distinct: SMALL_CATEGORY_COUNT + 1 }),
      'text',
    )
  })

  it('never makes a column with more than categoricalMaxDistinct values categorical', () => {
    const big = { nonNull: 1_000_000, distinct: DEFAULT_CATEGORICAL_MAX_DISTINCT + 1 }
    assert.equal(inferColumnType('string', big), 'text')
    assert.equal(
      inferColumnType('string', { nonNull: 1000, distinct: 5 }, { categoricalMaxDistinct: 4 }),
      'text',
    )
    assert.equal(
      inferColumnType('string', { nonNull: 1000, distinct: 5 }, { categoricalMaxDistinct: 5 }),
      'categorical',
    )
  })

  it('types an entirely null string column numeric, other kinds as declared', () => {
    assert.equal(inferColumnType('string', { nonNull: 0, distinct: 0 }), 'numeric')
    assert.equal(inferColumnType('boolean', { nonNull: 0, distinct: 0 }), 'boolean')
  })

  it('checks categoricalMaxDistinct', () => {
    assert.equal(categoricalMaxDistinct({}), DEFAULT_CATEGORICAL_MAX_DISTINCT)
    assert.equal(categoricalMaxDistinct({ categoricalMaxDistinct: 0 }), 0)
    assert.throws(() => categoricalMaxDistinct({ categoricalMaxDistinct: 1.5 }), {
      code: 'INVALID_PARAMETER_VALUE',
    })
  })
})
