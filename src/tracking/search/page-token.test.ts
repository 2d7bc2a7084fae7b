import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { decodePageToken, encodePageToken, queryFingerprint } from './page-token.js'
import { planSort } from './sort-plan.js'

const columns = planSort([
  { kind: 'metric', key: 'auc', descending: true },
  { kind: 'param', key: 'model', descending: false },
]).columns

function refused(token: string, fingerprint = 'fp', says = 'invalid token'): void {
  assert.throws(
    () => decodePageToken(token, fingerprint, columns),
    (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, 'SHIPYARD_PAGE_TOKEN_INVALID')
      assert.ok(error.message.includes(says), error.message)
      return true
    },
  )
}

function forge(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url')
}

describe('page tokens', () => {
  it('round-trip cursors, infinities and missing values included', () => {
    for (const cursor of [
      [
        [0, Number.POSITIVE_INFINITY],
        [0, 'gbdt'],
        [0, 1700000000000],
        [0, 'abc'],
      ],
      [
        [0, Number.NEGATIVE_INFINITY],
        [2, null],
        [0, 0],
        [0, ''],
      ],
      [
        [1, null],
        [0, 'ünï "quoted"'],
        [0, -5],
        [0, 'z'],
      ],
      [
        [0, 0.1 + 0.2],
        [0, 'x'],
        [0, 1],
        [0, 'y'],
      ],
    ] as const) {
      const token = encodePageToken('fp', cursor)
      assert.match(token, /^[A-Za-z0-9_-]+$/)
      assert.deepEqual(decodePageToken(token, 'fp', columns), cursor)
    }
  })

  it('refuses a token of another query', () => {
    const token = encodePageToken('fp', [
      [0, 1],
      [0, 'a'],
      [0, 1],
      [0, 'r'],
    ])
    refused(token, 'other', 'belongs to another query')
  })

  it('refuses garbage and forged tokens with the token error only', () => {
    refused('')
    refused('not a token!')
    refused('abc')
    refused(Buffer.from('not json').toString('base64url'))
    refused(forge(null))
    refused(forge({ v: 2, q: 'fp', k: [] }))
    refused(forge({ v: 1, q: 'fp', k: 'x' }))
    refused(forge({ v: 1, q: 'fp', k: [[0, 1]] }), 'fp', 'does not match the sort order')
    const ok = [
      [0, 1],
      [0, 'a'],
      [0, 1],
      [0, 'r'],
    ]
    const variants: unknown[][] = [
      [[0, 'x'], ...ok.slice(1)],
      [[3, null], ...ok.slice(1)],
      [[2, 5], ...ok.slice(1)],
      [[0, 'NaN'], ...ok.slice(1)],
      [ok[0], [1, null], ...ok.slice(2)],
      [ok[0], [0, 7], ...ok.slice(2)],
      [...ok.slice(0, 2), [2, null], ok[3]],
      [...ok.slice(0, 3), [0, null]],
      [...ok.slice(0, 3), 'r'],
    ]
    for (const k of variants) refused(forge({ v: 1, q: 'fp', k }), 'fp', 'malformed cursor')
    assert.deepEqual(decodePageToken(forge({ v: 1, q: 'fp', k: ok }), 'fp', columns), ok)
  })

  it('fingerprints tell apart queries that JSON alone would not', () => {
    assert.equal(queryFingerprint([['1'], 'x']), queryFingerprint([['1'], 'x']))
    assert.notEqual(queryFingerprint([['1'], 'x']), queryFingerprint([['2'], 'x']))
    assert.notEqual(
      queryFingerprint([Number.POSITIVE_INFINITY]),
      queryFingerprint([Number.NEGATIVE_INFINITY]),
    )
    assert.notEqual(queryFingerprint([Number.POSITIVE_INFINITY]), queryFingerprint([null]))
  })
})
