// Schemas: inferred column types, overridden where inference guesses wrong, saved as versioned JSON and checked later. Run with `npx tsx docs/examples/data/schema.ts`.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkSchema, readDataset, schemaFromJson, schemaToJson } from '../../../src/data/index.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-schema-'))
const train = join(dir, 'train.csv')
writeFileSync(train, 'zip,visits,signed_up\n75001,3,2024-05-01\n69002,5,2024-05-03\n75001,1,2024-05-04\n')

// A zip code looks like a number; it is a category. Overrides win over inference.
const { schema } = await readDataset({ path: train }, { types: { zip: 'categorical' } })
console.log(schema.columns)
assert.deepEqual(
  schema.columns.map((c) => c.type),
  ['categorical', 'numeric', 'datetime'],
)

// The JSON form is what runs and model versions store.
const saved = JSON.stringify(schemaToJson(schema))
console.log(saved)

// Later data is checked against the saved schema: every mismatch names its column.
const live = join(dir, 'live.csv')
writeFileSync(live, 'zip,visits\n75001,\n13001,2\n')
const { dataset } = await readDataset({ path: live }, { types: { zip: 'categorical' } })
const mismatches = checkSchema(dataset, schemaFromJson(saved))
for (const mismatch of mismatches) console.log(mismatch.message)
assert.deepEqual(
  mismatches.map((m) => [m.kind, m.column]),
  [
    ['unexpected_nulls', 'visits'],
    ['missing_column', 'signed_up'],
  ],
)
