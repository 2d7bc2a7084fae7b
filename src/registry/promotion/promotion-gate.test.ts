import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkRequirements, type GateSide, parseRequirements, promotionRefused } from './promotion-gate.js'

const candidate: GateSide = { alias: 'staging', version: 2, metrics: { roc_auc: 0.9, logloss: 0.3 } }
const incumbent: GateSide = { alias: 'Production', version: 1, metrics: { roc_auc: 0.899, logloss: 0.25 } }

describe('promotion gate', () => {
  it('checks each requirement with both values; the from alias reads the candidate', () => {
    const requirements = parseRequirements(
      ['auc >= production.auc - 0.002', 'logloss <= production.logloss', 'staging.auc > 0.95'],
      'staging',
      'Production',
    )
    assert.deepEqual(checkRequirements(requirements, candidate, incumbent), [
      { requirement: 'auc >= production.auc - 0.002', passed: true, left: 0.9, right: 0.899 - 0.002 },
      { requirement: 'logloss <= production.logloss', passed: false, left: 0.3, right: 0.25 },
      { requirement: 'staging.auc > 0.95', passed: false, left: 0.9, right: 0.95 },
    ])
  })

  it('with no incumbent version, only requirements on the candidate alone can pass', () => {
    const requirements = parseRequirements(['auc >= 0.85', 'auc >= production.auc'], 'staging', 'production')
    const outcomes = checkRequirements(requirements, candidate, {
      ...incumbent,
      version: null,
      metrics: null,
    })
    assert.deepEqual(outcomes[0], { requirement: 'auc >= 0.85', passed: true, left: 0.9, right: 0.85 })
    assert.deepEqual(outcomes[1], {
      requirement: 'auc >= production.auc',
      passed: false,
      left: 0.9,
      right: null,
      reason: "'Production' points at no version yet; only requirements on the candidate alone can pass",
    })
  })

  it('refuses no requirements, other aliases, and metrics the task does not report', () => {
    assert.throws(() => parseRequirements([], 'staging', 'production'), /requirements: give at least one/)
    assert.throws(
      () => parseRequirements(['auc >= champion.auc'], 'staging', 'production'),
      /'champion' is not an alias compared here/,
    )
    const rmse = parseRequirements(['rmse <= production.rmse'], 'staging', 'production')
    assert.throws(
      () => checkRequirements(rmse, candidate, incumbent),
      /requirements: 'rmse' is a regressor metric, and version 2 \('staging'\) reports only roc_auc, logloss/,
    )
  })
})

describe('promotionRefused', () => {
  it('is one line with each failed requirement and both values, the outcomes in details', () => {
    const requirements = parseRequirements(
      ['auc >= 0.5', 'logloss <= production.logloss', 'auc > production.auc'],
      'staging',
      'production',
    )
    const outcomes = checkRequirements(requirements, candidate, { ...incumbent, metrics: null })
    const error = promotionRefused('churn', candidate, 'production', outcomes)
    assert.equal(error.code, 'SHIPYARD_PROMOTION_REFUSED')
    assert.equal(
      error.message,
      "promotion of 'churn' version 2 ('staging') to 'production' refused: 2 of 3 requirements failed: " +
        "logloss <= production.logloss ('Production' points at no version yet; only requirements on the candidate alone can pass); " +
        "auc > production.auc ('Production' points at no version yet; only requirements on the candidate alone can pass)",
    )
    assert.deepEqual(error.details.failed, outcomes.slice(1))
    const plain = promotionRefused(
      'churn',
      candidate,
      'production',
      checkRequirements(parseRequirements(['auc > 0.95'], 'staging', 'production'), candidate, incumbent),
    )
    assert.match(plain.message, /1 of 1 requirement failed: auc > 0\.95 \(left 0\.9, right 0\.95\)$/)
  })
})
