import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { Dataset } from '../dataset.js'
import { validateDataset } from './validate-dataset.js'
import { assertValid, formatValidationReport } from './validation-report.js'

const dataset = Dataset.fromColumns([
  {
    name: 'age',
    type: 'numeric',
    values: Float64Array.from([31, -4, 200, Number.POSITIVE_INFINITY, 8, -1, -2, -3]),
  },
  { name: 'city', type: 'text', values: ['oslo', 'rome', null, 'oslo', 'oslo', 'oslo', 'oslo', 'oslo'] },
])

describe('formatValidationReport / assertValid', () => {
  it('lists failures with column, count and at most five example rows, then the passed ones', () => {
    const report = validateDataset(
      dataset,
      [
        { kind: 'required', column: 'age' },
        { kind: 'range', column: 'age', min: 0, max: 120 },
        { kind: 'allowed_categories', column: 'city', values: ['oslo'] },
      ],
      { source: 'people.csv' },
    )
    assert.equal(
      formatValidationReport(report),
      [
        'people.csv: 2 of 3 expectations failed (8 rows)',
        "FAIL expectations[1] 'age' range [0, 120]: 6 rows of 8 outside [0, 120]",
        '       row 1: -4',
        '       row 2: 200',
        '       row 3: Infinity',
        '       row 5: -1',
        '       row 6: -2',
        '       ... and 1 more',
        `FAIL expectations[2] 'city' allowed_categories {"oslo"}: 1 row holds a value not in {"oslo"}`,
        '       row 1: "rome"',
        "ok   expectations[0] 'age' required: present",
      ].join('\n'),
    )
  })

  it('assertValid passes a valid report and throws the formatted report with machine details otherwise', () => {
    assertValid(validateDataset(dataset, [{ kind: 'row_count', min: 8 }]))
    const report = validateDataset(dataset, [{ kind: 'max_null_fraction', column: 'city', max: 0 }], {
      source: 'people.csv',
    })
    assert.throws(
      () => assertValid(report),
      (error: unknown) => {
        assert.ok(error instanceof ShipyardError)
        assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
        assert.equal(error.message, formatValidationReport(report))
        assert.match(error.message, /FAIL expectations\[0\] 'city' not null: 1 row of 8 missing \(12.5%\)/)
        assert.deepEqual(error.details, {
          source: 'people.csv',
          failed: [
            {
              index: 0,
              kind: 'max_null_fraction',
              column: 'city',
              failingCount: 1,
              rows: [2],
              message: '1 row of 8 missing (12.5%); at most 0% allowed',
            },
          ],
        })
        return true
      },
    )
  })

  it('says so when everything passed', () => {
    const text = formatValidationReport(validateDataset(dataset, [{ kind: 'unique', column: 'age' }]))
    assert.equal(
      text,
      "all 1 expectations passed (8 rows)\nok   expectations[0] 'age' unique: every present value is distinct",
    )
  })
})
