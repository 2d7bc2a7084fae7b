import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { aliasesIn, compare, evaluateExpr, type MetricLookup, parseRequirement } from './requirement.js'

const METRICS: Record<string, Record<string, number>> = {
  candidate: { roc_auc: 0.9, logloss: 0.3, f1: 0.7 },
  production: { roc_auc: 0.91, logloss: 0.28, f1: 0.75 },
}
const lookup: MetricLookup = (alias, metric) => METRICS[alias ?? 'candidate']![metric]!

function holds(text: string): boolean {
  const requirement = parseRequirement(text)
  return compare(
    requirement.comparator,
    evaluateExpr(requirement.left, lookup),
    evaluateExpr(requirement.right, lookup),
  )
}

function parseError(text: string, aliases?: string[]): ShipyardError {
  try {
    parseRequirement(text, aliases)
  } catch (error) {
    assert.ok(error instanceof ShipyardError)
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
    return error
  }
  assert.fail(`'${text}' parsed`)
}

describe('parseRequirement', () => {
  it("reads the issue's example: a bare metric is the candidate's, synonyms resolve", () => {
    const requirement = parseRequirement('auc >= production.auc - 0.002')
    assert.equal(requirement.text, 'auc >= production.auc - 0.002')
    assert.equal(requirement.comparator, '>=')
    assert.deepEqual(requirement.left, { kind: 'metric', alias: null, metric: 'roc_auc' })
    assert.deepEqual(requirement.right, {
      kind: 'arithmetic',
      op: '-',
      left: { kind: 'metric', alias: 'production', metric: 'roc_auc' },
      right: { kind: 'number', value: 0.002 },
    })
  })

  it('evaluates arithmetic with precedence, unary minus and parentheses', () => {
    const right = (text: string) => evaluateExpr(parseRequirement(`auc >= ${text}`).right, lookup)
    assert.equal(right('1 + 2 * 3'), 7)
    assert.equal(right('(1 + 2) * 3'), 9)
    assert.equal(right('2 - 1 - 1'), 0, 'left-associative')
    assert.equal(right('-2 * -3'), 6)
    assert.equal(right('1.5e-3 * 1000'), 1.5)
    assert.equal(right('production.logloss * 1.1'), 0.28 * 1.1)
  })

  it('checks every comparator; NaN never holds', () => {
    assert.equal(holds('auc >= production.auc - 0.02'), true)
    assert.equal(holds('auc >= production.auc'), false)
    assert.equal(holds('auc > 0.9'), false)
    assert.equal(holds('logloss <= production.logloss'), false)
    assert.equal(holds('log_loss < 0.31'), true)
    assert.equal(holds('f1 == 0.7'), true)
    assert.equal(holds('F1 != 0.7'), false, 'metric names are case-insensitive')
    assert.equal(compare('<=', Number.NaN, 1), false)
    assert.equal(compare('!=', Number.NaN, 1), true)
  })

  it('lower-cases aliases, which may hold hyphens, and lists those an expression reads', () => {
    const requirement = parseRequirement('auc - Prod-EU.auc >= -(staging.auc - prod-eu.auc) * 2')
    assert.deepEqual(aliasesIn(requirement.left), ['prod-eu'])
    assert.deepEqual(aliasesIn(requirement.right), ['staging', 'prod-eu'])
    assert.deepEqual(aliasesIn(parseRequirement('auc-0.1 >= 0').left), [], "'auc-0.1' is a subtraction")
  })

  it('names the position and token of a syntax error', () => {
    const cases: [string, number, string, RegExp][] = [
      ['auc >> 0.9', 4, '>>', /at position 4 \('>>'\): expected a comparison/],
      ['auc = 0.9', 4, '=', /expected a comparison/],
      ['auc >= <= 0.9', 7, '<=', /expected a number/],
      ['auc 0.9', 4, '0.9', /expected a comparison \(>=, >, <=, <, ==, !=\)/],
      ['auc >=', 6, '', /at position 6 \(end of text\): expected a number, a metric/],
      ['auc >= (0.9', 11, '', /expected '\)'/],
      ['auc >= 0.9 0.1', 11, '0.1', /expected the end of the requirement/],
      ['auc >= 0.9 / 2', 11, '/', /expected a number, a metric, an operator/],
      ['0.9 <= 1', 0, '0.9', /it names no metric/],
    ]
    for (const [text, position, token, message] of cases) {
      const error = parseError(text)
      assert.match(error.message, message, text)
      assert.match(error.message, new RegExp(`^invalid requirement '${escapeRegExp(text)}' at position`))
      assert.deepEqual([error.details.position, error.details.token], [position, token])
    }
  })

  it('rejects an unknown metric with the closest match and the valid names', () => {
    const error = parseError('acu >= 0.8')
    assert.match(
      error.message,
      /unknown metric 'acu' \(did you mean 'auc'\?\); metrics are accuracy, logloss,/,
    )
    assert.match(error.message, /rmse, mae, r2, mape, or auc \(roc_auc\)/)
    assert.deepEqual(
      [error.details.position, error.details.token, error.details.didYouMean],
      [0, 'acu', 'auc'],
    )
    const qualified = parseError('auc >= production.rmsee')
    assert.deepEqual([qualified.details.position, qualified.details.token], [18, 'rmsee'])
    assert.match(qualified.message, /did you mean 'rmse'/)
    assert.doesNotMatch(parseError('zzzzzz > 1').message, /did you mean/)
  })

  it('refuses an alias outside the ones given', () => {
    const error = parseError('auc >= champion.auc', ['staging', 'production'])
    assert.match(
      error.message,
      /'champion' is not an alias compared here; write staging\.auc or production\.auc/,
    )
    assert.deepEqual([error.details.position, error.details.token], [7, 'champion'])
    assert.doesNotThrow(() => parseRequirement('auc >= PRODUCTION.auc', ['staging', 'Production']))
  })
})

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
