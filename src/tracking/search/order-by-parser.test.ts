import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { MAX_ORDER_KEYS, parseOrderBy } from './order-by-parser.js'

function refused(clauses: string[], details: Record<string, unknown>, says: string): void {
  assert.throws(
    () => parseOrderBy(clauses),
    (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, 'SHIPYARD_FILTER_INVALID')
      assert.deepEqual(error.details, details)
      assert.ok(error.message.includes(says), error.message)
      return true
    },
  )
}

describe('parseOrderBy', () => {
  it('parses keys of every kind, ascending by default', () => {
    assert.deepEqual(
      parseOrderBy([
        'metrics.auc DESC',
        'params.model',
        'tags.team asc',
        'attributes.start_time',
        'end_time Desc',
        'run_name',
        'attr.created DESC',
      ]),
      [
        { kind: 'metric', key: 'auc', descending: true },
        { kind: 'param', key: 'model', descending: false },
        { kind: 'tag', key: 'team', descending: false },
        { kind: 'attribute', attribute: 'start_time', descending: false },
        { kind: 'attribute', attribute: 'end_time', descending: true },
        { kind: 'attribute', attribute: 'run_name', descending: false },
        { kind: 'attribute', attribute: 'start_time', descending: true },
      ],
    )
  })

  it('reads quoted and dotted keys as filters do', () => {
    assert.deepEqual(parseOrderBy(['metrics."val loss" DESC', 'params.`a-b`', 'metrics.train.loss']), [
      { kind: 'metric', key: 'val loss', descending: true },
      { kind: 'param', key: 'a-b', descending: false },
      { kind: 'metric', key: 'train.loss', descending: false },
    ])
  })

  it('gives nothing for no clauses', () => {
    assert.deepEqual(parseOrderBy([]), [])
  })

  it('refuses a bad direction, extra tokens and unknown identifiers, naming the clause', () => {
    refused(
      ['start_time', 'metrics.x DESCX'],
      { position: 10, token: 'DESCX', clause: 1 },
      'expected ASC, DESC',
    )
    refused(
      ['metrics.x DESC ASC'],
      { position: 15, token: 'ASC', clause: 0 },
      'expected the end of the clause',
    )
    refused(['metrics.a, metrics.b'], { position: 9, token: ',', clause: 0 }, 'its own entry')
    refused(['foo DESC'], { position: 0, token: 'foo', clause: 0 }, "unknown attribute 'foo'")
    refused(['nope.x'], { position: 0, token: 'nope.x', clause: 0 }, "unknown prefix 'nope'")
    refused([''], { position: 0, token: '', clause: 0 }, 'expected an identifier')
    refused(
      ["metrics.'x'"],
      { position: 0, token: 'metrics.', clause: 0 },
      "expected a key after 'metrics.' (quote",
    )
  })

  it(`refuses more than ${MAX_ORDER_KEYS} clauses`, () => {
    const clauses = Array.from({ length: MAX_ORDER_KEYS + 1 }, (_, i) => `metrics.m${i}`)
    assert.equal(parseOrderBy(clauses.slice(0, MAX_ORDER_KEYS)).length, MAX_ORDER_KEYS)
    refused(clauses, { field: 'order_by' }, `at most ${MAX_ORDER_KEYS}`)
  })
})
