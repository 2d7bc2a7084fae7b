// Validation: declarative expectations checked in one pass, with a report of what failed and where. Run with `npx tsx docs/examples/data/validation.ts`.
import assert from 'node:assert/strict'
import {
  Dataset,
  formatValidationReport,
  parseExpectations,
  validateDataset,
} from '../../../src/data/index.js'

const dataset = Dataset.fromColumns([
  { name: 'age', type: 'numeric', values: new Float64Array([34, 51, -2, Number.NaN, 140]) },
  {
    name: 'plan',
    type: 'categorical',
    codes: new Int32Array([0, 1, 0, 2, 1]),
    dictionary: ['free', 'pro', 'gold'],
  },
])

// The same JSON that `shipyard data validate FILE --schema expectations.json` reads.
const expectations = parseExpectations({
  expectations: [
    { kind: 'required', column: 'age' },
    { kind: 'range', column: 'age', min: 0, max: 120 },
    { kind: 'max_null_fraction', column: 'age', max: 0.25 },
    { kind: 'allowed_categories', column: 'plan', values: ['free', 'pro'] },
  ],
})
const report = validateDataset(dataset, expectations, { source: 'customers' })
console.log(formatValidationReport(report))

assert.equal(report.valid, false)
// Each failure names its column, how many rows broke it, and up to five of them.
assert.deepEqual(
  report.failed.map((f) => [f.column, f.failingCount, f.examples.map((e) => e.row)]),
  [
    ['age', 2, [2, 4]],
    ['plan', 1, [3]],
  ],
)
