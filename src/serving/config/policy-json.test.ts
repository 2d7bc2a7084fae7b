import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { failsWith } from '../protocol/testing/signatures.js'
import { DEFAULT_POLICY } from './model-policy.js'
import { modelPolicyJson, parseModelPolicy, parseTarget } from './policy-json.js'

const CANARY = [
  { target: 'production', weight: 90 },
  { target: 5, weight: 10 },
]

describe('parseModelPolicy', () => {
  it('reads every setting, and gives the defaults for those absent', () => {
    const policy = parseModelPolicy({
      canary: CANARY,
      shadow: { target: 'Staging', tolerance: 0.5 },
      sticky_header: 'X-Account',
      pinning: false,
      cache: false,
      log_sample_rate: 0.25,
    })
    assert.deepEqual(policy, {
      canary: [
        { target: { kind: 'alias', alias: 'production' }, weight: 90 },
        { target: { kind: 'version', version: 5 }, weight: 10 },
      ],
      shadow: { target: { kind: 'alias', alias: 'staging' }, tolerance: 0.5 },
      stickyHeader: 'x-account',
      pinning: false,
      cache: false,
      logSampleRate: 0.25,
    })
    assert.deepEqual(parseModelPolicy({}), DEFAULT_POLICY)
  })

  it('takes a shadow written as its target alone, with no tolerance', () => {
    assert.deepEqual(parseModelPolicy({ shadow: 'v7' }).shadow, {
      target: { kind: 'version', version: 7 },
      tolerance: 0,
    })
  })

  it('reads back what modelPolicyJson writes', () => {
    const json = {
      canary: CANARY,
      shadow: { target: 3, tolerance: 0 },
      sticky_header: 'x-user-id',
      pinning: true,
      cache: false,
      log_sample_rate: 0.5,
    }
    assert.deepEqual(modelPolicyJson(parseModelPolicy(json)), json)
  })

  it('names the field of a bad value after the prefix it is given', () => {
    const bad = [
      [
        {
          canary: [
            { target: 'production', weight: 90 },
            { target: 5, weight: 'ten' },
          ],
        },
        'models.churn.canary[1].weight',
        /must be a number/,
      ],
      [
        {
          canary: [
            { target: 'production', weight: 90 },
            { target: 5, weight: 20 },
          ],
        },
        'models.churn.canary',
        /add up to 110; they must add up to 100/,
      ],
      [
        {
          canary: [
            { target: 'production', weight: 150 },
            { target: 5, weight: -50 },
          ],
        },
        'models.churn.canary[0].weight',
        /from 0 to 100/,
      ],
      [
        {
          canary: [
            { target: 'v5', weight: 50 },
            { target: 5, weight: 50 },
          ],
        },
        'models.churn.canary[1].target',
        /'v5' is already arm 0/,
      ],
      [{ canary: [{ weight: 100 }] }, 'models.churn.canary[0].target', /is required/],
      [{ canary: [{ target: 'prod uction', weight: 100 }] }, 'models.churn.canary[0].target', /only letters/],
      [{ canary: [{ target: 0, weight: 100 }] }, 'models.churn.canary[0].target', /not a version/],
      [
        { canary: [{ target: 'production', wieght: 100 }] },
        'models.churn.canary[0].wieght',
        /did you mean 'weight'/,
      ],
      [{ canary: { production: 100 } }, 'models.churn.canary', /must be a list of arms/],
      [{ shadow: { target: 'staging', tolerance: -1 } }, 'models.churn.shadow.tolerance', /at least 0/],
      [{ shadow: { target: true } }, 'models.churn.shadow.target', /version number or an alias/],
      [{ sticky_header: 'X User' }, 'models.churn.sticky_header', /not a header name/],
      [{ pinning: 'yes' }, 'models.churn.pinning', /true or false/],
      [{ cahce: false }, 'models.churn.cahce', /did you mean 'cache'/],
      [{ log_sample_rate: 1.5 }, 'models.churn.log_sample_rate', /between 0 and 1/],
    ] as const
    for (const [json, field, message] of bad) {
      assert.throws(
        () => parseModelPolicy(json, 'models.churn.'),
        failsWith('INVALID_PARAMETER_VALUE', message, { field }),
        JSON.stringify(json),
      )
    }
  })

  it('names the body itself when it is not a mapping', () => {
    assert.throws(
      () => parseModelPolicy([]),
      failsWith('INVALID_PARAMETER_VALUE', /mapping/, { field: 'body' }),
    )
  })
})

describe('parseTarget', () => {
  it('reads 5, "5" and "v5" as version 5, anything else as an alias in lower case', () => {
    for (const written of [5, '5', 'v5', 'V5']) {
      assert.deepEqual(parseTarget(written, 'target'), { kind: 'version', version: 5 })
    }
    assert.deepEqual(parseTarget('Champion', 'target'), { kind: 'alias', alias: 'champion' })
  })
})
