import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import type { SearchRunsQuery } from '../types.js'
import { resolveSearchRunsQuery } from './search-query.js'

function refused(query: SearchRunsQuery, code: string, says: string): void {
  assert.throws(
    () => resolveSearchRunsQuery(query),
    (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, code)
      assert.ok(error.message.includes(says), error.message)
      return true
    },
  )
}

describe('resolveSearchRunsQuery', () => {
  it('applies the defaults', () => {
    const search = resolveSearchRunsQuery({})
    assert.deepEqual(
      { ...search, fingerprint: undefined },
      {
        experimentIds: [],
        clauses: [],
        orderKeys: [],
        viewType: 'ACTIVE_ONLY',
        maxResults: 1000,
        pageToken: undefined,
        fingerprint: undefined,
      },
    )
  })

  it('bounds max_results to integers from 1 to 50000', () => {
    for (const maxResults of [0, -1, 50_001, 1.5, Number.NaN]) {
      refused({ maxResults }, 'INVALID_PARAMETER_VALUE', 'max_results')
    }
    assert.equal(resolveSearchRunsQuery({ maxResults: 1 }).maxResults, 1)
    assert.equal(resolveSearchRunsQuery({ maxResults: 50_000 }).maxResults, 50_000)
  })

  it('refuses an unknown view type and bad experiment ids', () => {
    refused({ viewType: 'EVERYTHING' as never }, 'INVALID_PARAMETER_VALUE', 'view_type')
    refused({ experimentIds: [''] }, 'INVALID_PARAMETER_VALUE', 'experiment_ids')
    refused({ experimentIds: [1 as unknown as string] }, 'INVALID_PARAMETER_VALUE', 'experiment_ids')
  })

  it('passes filter and order-by errors through', () => {
    refused({ filter: 'metrics.a >> 1' }, 'SHIPYARD_FILTER_INVALID', "('>>')")
    refused({ orderBy: ['metrics.a SIDEWAYS'] }, 'SHIPYARD_FILTER_INVALID', "('SIDEWAYS')")
  })

  it('fingerprints what defines the results, not the page size or spelling', () => {
    const base = { experimentIds: ['2', '1'], filter: 'metrics.a > 1', orderBy: ['metrics.a DESC'] }
    const fingerprint = resolveSearchRunsQuery(base).fingerprint
    const same: SearchRunsQuery[] = [
      { ...base, maxResults: 5 },
      { ...base, experimentIds: ['1', '2', '1'] },
      { ...base, filter: 'METRICS.a>1' },
      { ...base, orderBy: ['metric.a desc'] },
      { ...base, viewType: 'ACTIVE_ONLY' },
    ]
    for (const query of same) assert.equal(resolveSearchRunsQuery(query).fingerprint, fingerprint)
    const other: SearchRunsQuery[] = [
      { ...base, experimentIds: ['1'] },
      { ...base, filter: 'metrics.a > 2' },
      { ...base, orderBy: ['metrics.a'] },
      { ...base, viewType: 'ALL' },
    ]
    for (const query of other) assert.notEqual(resolveSearchRunsQuery(query).fingerprint, fingerprint)
  })

  it('treats an empty page token as none', () => {
    assert.equal(resolveSearchRunsQuery({ pageToken: '' }).pageToken, undefined)
  })
})
