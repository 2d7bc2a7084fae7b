import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { parseFilter } from './filter-parser.js'

/** Asserts that `filter` is refused at `position` on `token`, with a message containing `says`. */
function refused(filter: string, position: number, token: string, says: string | RegExp): void {
  assert.throws(
    () => parseFilter(filter),
    (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, 'SHIPYARD_FILTER_INVALID')
      assert.deepEqual(error.details, { position, token })
      assert.match(error.message, new RegExp(`^invalid filter at position ${position} `))
      if (typeof says === 'string') assert.ok(error.message.includes(says), error.message)
      else assert.match(error.message, says)
      return true
    },
  )
}

describe('parseFilter', () => {
  it('gives no clauses for an empty or blank filter', () => {
    assert.deepEqual(parseFilter(''), [])
    assert.deepEqual(parseFilter('  \n\t'), [])
  })

  it('parses every numeric comparator on metrics', () => {
    for (const comparator of ['=', '!=', '>', '>=', '<', '<='] as const) {
      assert.deepEqual(parseFilter(`metrics.auc ${comparator} 0.5`), [
        { kind: 'metric', key: 'auc', test: { comparator, value: 0.5 } },
      ])
    }
  })

  it('reads integers, decimals, exponents and signs', () => {
    const values = ['3', '-2', '+4', '0.25', '.5', '-.5', '1.', '1e3', '2.5E-2', '-1e+2', '1e999'].map(
      (text) => (parseFilter(`metrics.x > ${text}`)[0]!.test as { value: number }).value,
    )
    assert.deepEqual(values, [3, -2, 4, 0.25, 0.5, -0.5, 1, 1000, 0.025, -100, Number.POSITIVE_INFINITY])
  })

  it('needs no spaces around comparators', () => {
    assert.deepEqual(parseFilter("metrics.a>=-1 and params.b='x'"), [
      { kind: 'metric', key: 'a', test: { comparator: '>=', value: -1 } },
      { kind: 'param', key: 'b', test: { comparator: '=', value: 'x' } },
    ])
  })

  it('parses string comparators and lists on params, tags and string attributes', () => {
    assert.deepEqual(parseFilter("params.model = 'gbdt'"), [
      { kind: 'param', key: 'model', test: { comparator: '=', value: 'gbdt' } },
    ])
    assert.deepEqual(parseFilter('tags.team != "risk"'), [
      { kind: 'tag', key: 'team', test: { comparator: '!=', value: 'risk' } },
    ])
    assert.deepEqual(parseFilter("params.m like 'gb%' AND tags.t ILike '%X_'"), [
      { kind: 'param', key: 'm', test: { comparator: 'LIKE', value: 'gb%' } },
      { kind: 'tag', key: 't', test: { comparator: 'ILIKE', value: '%X_' } },
    ])
    assert.deepEqual(parseFilter(`params.m IN ('a', "b",'c') and tags.t not  in ('x')`), [
      { kind: 'param', key: 'm', test: { comparator: 'IN', values: ['a', 'b', 'c'] } },
      { kind: 'tag', key: 't', test: { comparator: 'NOT IN', values: ['x'] } },
    ])
  })

  it('accepts every prefix spelling, case-insensitively', () => {
    const kinds = [
      'metrics.k = 1',
      'metric.k = 1',
      "params.k = 'v'",
      "param.k = 'v'",
      "parameters.k = 'v'",
      "Parameter.k = 'v'",
      "TAGS.k = 'v'",
      "tag.k = 'v'",
    ].map((filter) => parseFilter(filter)[0]?.kind)
    assert.deepEqual(kinds, ['metric', 'metric', 'param', 'param', 'param', 'param', 'tag', 'tag'])
    for (const prefix of ['attributes', 'attribute', 'attr', 'run']) {
      assert.deepEqual(parseFilter(`${prefix}.status = 'FAILED'`), [
        { kind: 'string-attribute', attribute: 'status', test: { comparator: '=', value: 'FAILED' } },
      ])
    }
  })

  it('keeps dots in unquoted keys and reads quoted keys', () => {
    const keys = [
      'metrics.train.loss < 1',
      'metrics."val loss" < 1',
      'metrics.`a-b.c d` < 1',
      "tags.mlflow.runName = 'x'",
      'metrics.k/x:y-z < 1',
      'metrics."say ""hi""" < 1',
    ].map((filter) => (parseFilter(filter)[0] as { key: string }).key)
    assert.deepEqual(keys, ['train.loss', 'val loss', 'a-b.c d', 'mlflow.runName', 'k/x:y-z', 'say "hi"'])
  })

  it('reads doubled quotes inside strings', () => {
    assert.deepEqual(parseFilter("params.a = 'it''s'")[0], {
      kind: 'param',
      key: 'a',
      test: { comparator: '=', value: "it's" },
    })
  })

  it('parses attributes with their types, aliases and bare names', () => {
    assert.deepEqual(
      parseFilter('attributes.start_time >= 10 and end_time < 20 and attributes.created > 5'),
      [
        { kind: 'numeric-attribute', attribute: 'start_time', test: { comparator: '>=', value: 10 } },
        { kind: 'numeric-attribute', attribute: 'end_time', test: { comparator: '<', value: 20 } },
        { kind: 'numeric-attribute', attribute: 'start_time', test: { comparator: '>', value: 5 } },
      ],
    )
    assert.deepEqual(
      parseFilter(
        "run_id IN ('a','b') and attributes.run_name LIKE 'x%' and attr.user_id = 'u' and artifact_uri ILIKE '%s3%' and attributes.`run name` = 'n'",
      ).map((clause) => [clause.kind, (clause as { attribute: string }).attribute, clause.test.comparator]),
      [
        ['string-attribute', 'run_id', 'IN'],
        ['string-attribute', 'run_name', 'LIKE'],
        ['string-attribute', 'user_id', '='],
        ['string-attribute', 'artifact_uri', 'ILIKE'],
        ['string-attribute', 'run_name', '='],
      ],
    )
  })

  it('refuses OR with a clear message', () => {
    refused("metrics.a > 1 OR params.b = 'x'", 14, 'OR', 'only AND')
    refused("metrics.a > 1 and params.b = 'x' or tags.c = 'y'", 33, 'or', 'OR is not supported')
  })

  it('refuses a bad comparator at its position', () => {
    refused(
      'metrics.auc >> 3',
      12,
      '>>',
      'expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)',
    )
    refused('metrics.auc <> 3', 12, '<>', 'expected a comparator')
    refused("params.a NOT LIKE 'x'", 13, 'LIKE', 'expected IN after NOT')
    refused("params.a CONTAINS 'x'", 9, 'CONTAINS', 'expected a comparator')
  })

  it('refuses type mismatches', () => {
    refused("metrics.auc = 'x'", 14, "'x'", 'compares with a number')
    refused("metrics.auc LIKE '1%'", 12, 'LIKE', "metric 'auc' takes =, !=, >, >=, <, <=")
    refused('params.a > 3', 9, '>', "param 'a' takes =, !=, LIKE, ILIKE, IN, NOT IN")
    refused('params.a = 3', 11, '3', "compares with a quoted string (quote it: '3')")
    refused("tags.t IN (1, 'x')", 11, '1', 'quoted string')
    refused("attributes.start_time = '5'", 24, "'5'", 'compares with a number')
    refused('attributes.status = 3', 20, '3', 'quoted string')
    refused("attributes.run_id LIKE 'a%'", 18, 'LIKE', 'attribute run_id takes =, !=, IN, NOT IN')
    refused("end_time IN ('1')", 9, 'IN', 'attribute end_time takes')
  })

  it('refuses times that are not integers', () => {
    refused('attributes.start_time > 1.5', 24, '1.5', 'integer')
    refused('end_time > 1e999', 11, '1e999', 'integer')
  })

  it('refuses unknown prefixes, attributes and keywords in identifier position', () => {
    refused('metircs.auc > 1', 0, 'metircs.auc', "unknown prefix 'metircs'")
    refused(
      "attributes.lifecycle_stage = 'active'",
      0,
      'attributes.lifecycle_stage',
      "unknown attribute 'lifecycle_stage'",
    )
    refused('auc > 1', 0, 'auc', "unknown attribute 'auc'")
    refused('metrics. > 1', 0, 'metrics.', "expected a key after 'metrics.'")
    refused("'metrics.auc' > 1", 0, "'metrics.auc'", 'expected an identifier')
    refused('metrics.a."b" > 1', 0, 'metrics.a."b"', 'quoted key must follow the prefix')
  })

  it('refuses dangling and malformed syntax', () => {
    refused('metrics.a > 1 and', 17, '', 'expected an identifier')
    refused('metrics.a > 1 and and metrics.b > 2', 18, 'and', 'unknown attribute')
    refused('metrics.a > 1 metrics.b > 2', 14, 'metrics.b', 'expected AND or the end of the filter')
    refused('metrics.a >', 11, '', 'compares with a number')
    refused('metrics.a > 3abc', 12, '3abc', 'not a number')
    refused('metrics.a > 1.2.3', 12, '1.2.3', 'not a number')
    refused("params.a = 'open", 11, "'open", "unterminated '-quoted text")
    refused('metrics."open > 1', 8, '"open > 1', 'unterminated "-quoted text')
    refused('metrics.a > 1; drop table runs', 13, ';', 'unexpected character')
    refused("params.a IN 'x'", 12, "'x'", "expected '(' to open the IN list")
    refused("params.a IN ('x' 'y')", 17, "'y'", "expected ',' or ')'")
    refused('params.a IN ()', 13, ')', 'quoted string')
    refused('params.a = `x`', 11, '`x`', 'quoted string')
  })

  it('refuses a LIKE pattern ending with the escape character', () => {
    refused("params.a LIKE 'x\\'", 14, "'x\\'", 'escape character')
    assert.deepEqual(parseFilter("params.a LIKE 'x\\\\'")[0]?.test, { comparator: 'LIKE', value: 'x\\\\' })
  })

  it('parses to values that ignore spacing and keyword case', () => {
    assert.deepEqual(
      parseFilter("metrics.a>1 AND params.b like 'x'"),
      parseFilter("  metrics.a  >  1   and   params.b   LIKE   'x'  "),
    )
  })
})
