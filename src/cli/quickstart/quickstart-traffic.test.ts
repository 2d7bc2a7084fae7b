import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../../data/index.js'
import { holdoutCustomers } from './quickstart-traffic.js'

describe('holdoutCustomers', () => {
  const holdout = Dataset.fromColumns([
    { name: 'tenure_months', type: 'numeric', values: new Float64Array([3, Number.NaN, 40]) },
    {
      name: 'plan',
      type: 'categorical',
      codes: new Int32Array([0, -1, 1]),
      dictionary: ['basic', 'premium'],
    },
    {
      name: 'signup_date',
      type: 'datetime',
      values: new Float64Array([Date.UTC(2022, 4, 17), Date.UTC(2021, 0, 1), Number.NaN]),
    },
    { name: 'churned', type: 'numeric', values: new Float64Array([1, 0, Number.NaN]) },
  ])

  it('sends raw columns as a client writes them: null for missing, dates as ISO days, no label', () => {
    const [first, second] = holdoutCustomers(holdout, 'churned')
    assert.deepEqual(first, {
      instance: { tenure_months: 3, plan: 'basic', signup_date: '2022-05-17' },
      label: 1,
    })
    assert.deepEqual(second, {
      instance: { tenure_months: null, plan: null, signup_date: '2021-01-01' },
      label: 0,
    })
  })

  it('leaves out rows whose label is missing: no feedback could score them', () => {
    assert.equal(holdoutCustomers(holdout, 'churned').length, 2)
  })
})
