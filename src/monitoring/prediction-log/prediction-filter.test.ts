import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { type FilterNode, parsePredictionFilter } from './prediction-filter.js'

// A compact rendering of a tree, to compare shapes at a glance.
function show(node: FilterNode): string {
  const field = (f: { scope: string; name: string }) =>
    f.scope === 'record' ? f.name : `${f.scope}[${f.name}]`
  switch (node.kind) {
    case 'compare':
      return `${field(node.field)} ${node.op} ${JSON.stringify(node.value)}`
    case 'in':
      return `${field(node.field)} ${node.negated ? 'not in' : 'in'} ${JSON.stringify(node.values)}`
    case 'isNull':
      return `${field(node.field)} is ${node.negated ? 'not ' : ''}null`
    case 'logical':
      return `(${show(node.left)} ${node.op} ${show(node.right)})`
    case 'not':
      return `not ${show(node.operand)}`
  }
}
const parse = (text: string) => show(parsePredictionFilter(text).root)

describe('parsePredictionFilter', () => {
  it('reads fields of the record, inputs and outputs', () => {
    assert.equal(parse('inputs.age > 60'), 'inputs[age] > 60')
    assert.equal(parse('outputs.probabilities.yes >= 0.5'), 'outputs[probabilities.yes] >= 0.5')
    assert.equal(parse('inputs."unit price" = 3'), 'inputs[unit price] = 3')
    assert.equal(parse('inputs.high-risk = 1'), 'inputs[high-risk] = 1')
    assert.equal(parse("LATENCY_MS != 5 AND Arm = 'canary'"), '(latency_ms <> 5 and arm = "canary")')
  })

  it('reads numbers, quoted strings and booleans', () => {
    assert.equal(parse('inputs.x = -0.5'), 'inputs[x] = -0.5')
    assert.equal(parse('inputs.x < 1e-3'), 'inputs[x] < 0.001')
    assert.equal(parse('inputs.x > .5'), 'inputs[x] > 0.5')
    assert.equal(parse("inputs.name = 'o''brien \"x\"'"), `inputs[name] = "o'brien \\"x\\""`)
    assert.equal(parse('inputs.member = TRUE'), 'inputs[member] = true')
    assert.equal(parse("time >= '2024-05-01T12:00:00Z'"), `time >= ${Date.parse('2024-05-01T12:00:00Z')}`)
    assert.equal(parse("cache in ('partial', 'hit')"), 'cache in ["partial","hit"]')
  })

  it('binds or loosest, then and, then not, with parentheses', () => {
    assert.equal(parse('row = 1 or row = 2 and row = 3'), '(row = 1 or (row = 2 and row = 3))')
    assert.equal(parse('(row = 1 or row = 2) and row = 3'), '((row = 1 or row = 2) and row = 3)')
    assert.equal(parse('not row = 1 and not not row = 2'), '(not row = 1 and not not row = 2)')
  })

  it('reads in, not in, is null and is not null', () => {
    assert.equal(parse("inputs.city in ('oslo', 'bergen')"), 'inputs[city] in ["oslo","bergen"]')
    assert.equal(parse('version not in (1, 2)'), 'version not in [1,2]')
    assert.equal(
      parse('error_code is not null or alias IS NULL'),
      '(error_code is not null or alias is null)',
    )
  })

  const refuses = (text: string, position: number, token: string, message: RegExp) => {
    assert.throws(
      () => parsePredictionFilter(text),
      (error: unknown) => {
        assert.ok(error instanceof ShipyardError)
        assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
        assert.deepEqual(error.details, { field: 'where', where: text, position, token })
        assert.ok(error.message.startsWith(`where '${text}' at ${position}: `), error.message)
        assert.match(error.message, message)
        return true
      },
    )
  }

  it('names the position and token of what it refuses', () => {
    refuses(
      'latncy_ms > 5',
      0,
      'latncy_ms',
      /unknown field 'latncy_ms' \(did you mean latency_ms\? known: request_id, .*inputs\.<name>/,
    )
    refuses('inputs.age >> 3', 12, '>', /expected a value .*found '>'/)
    refuses('inputs.age > ', 13, '', /found the end of the filter/)
    refuses("latency_ms > '5'", 13, "'5'", /latency_ms compares with a number/)
    refuses('model = churn', 8, 'churn', /expected a value/)
    refuses('request_id = 5', 13, '5', /request_id compares with a string \(quote it: '5'\)/)
    refuses("arm = 'canery'", 6, "'canery'", /arm is one of primary, canary, shadow, pinned/)
    refuses("cache = 'partly'", 8, "'partly'", /cache is one of hit, miss, partial, off/)
    refuses('inputs.age = null', 13, 'null', /is null or is not null/)
    refuses('inputs.flag > true', 12, '>', /booleans compare with = or <> only/)
    refuses("inputs.x in (1, 'a')", 16, "'a'", /a list holds values of one type/)
    refuses('(inputs.age > 1', 15, '', /expected '\)'/)
    refuses('inputs.age > 1 inputs.b = 2', 15, 'inputs.b', /expected and, or, or the end/)
    refuses('"inputs.age" > 1', 0, '"', /strings are single-quoted/)
    refuses('inputs.age > 1x', 13, '1x', /malformed number/)
    refuses("inputs.city = 'oslo", 14, "'oslo", /unterminated '-quoted text/)
    refuses("time > 'yesterday'", 7, "'yesterday'", /ISO instant/)
    refuses('   ', 3, '', /expected a filter/)
    refuses('inputs. > 1', 0, 'inputs.', /inputs\. needs a name/)
    refuses('inputs.age not 5', 15, '5', /expected in after not/)
    refuses('and = 1', 0, 'and', /expected a field/)
    refuses('inputs.x ; 1', 9, ';', /unexpected character ';'/)
  })

  it('refuses nesting deeper than 256 levels without overflowing the stack', () => {
    const text = `${'('.repeat(300)}row = 1${')'.repeat(300)}`
    refuses(text, 256, '(', /nested more than 256 levels/)
    assert.equal(parse(`${'('.repeat(100)}row = 1${')'.repeat(100)}`), 'row = 1')
  })
})
