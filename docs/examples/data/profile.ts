// Profiles: per-column statistics, histograms on fixed edges and top values. Run with `npx tsx docs/examples/data/profile.ts`.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset, fingerprintDataset, profileDataset, renderProfileHtml } from '../../../src/data/index.js'

const n = 1000
const dataset = Dataset.fromColumns([
  {
    name: 'amount',
    type: 'numeric',
    values: Float64Array.from({ length: n }, (_, i) => (i % 50 === 0 ? Number.NaN : i / 10)),
  },
  {
    name: 'city',
    type: 'categorical',
    codes: Int32Array.from({ length: n }, (_, i) => i % 3),
    dictionary: ['Paris', 'Lyon', 'Nice'],
  },
])

const profile = profileDataset(dataset, { bins: 10 })
// The fingerprint (sha256 over the canonical data) identifies this exact data in lineage.
console.log(`fingerprint ${profile.fingerprint}`)
assert.equal(profile.fingerprint, fingerprintDataset(dataset))
const amount = profile.columns[0]!
assert.ok(amount.type === 'numeric')
console.log(`amount: ${amount.missing} missing, mean ${amount.mean}, p50 ${amount.quantiles?.p50}`)
assert.equal(amount.missing, 20)
// Production data is later counted on the same histogram edges and compared bin by bin.
assert.equal(amount.histogram?.edges.length, 11)

const city = profile.columns[1]!
assert.ok(city.type === 'categorical')
console.log(city.top.map((t) => `${t.value} ${(100 * t.frequency).toFixed(1)}%`).join(', '))

// The HTML report: self-contained, one SVG chart per column.
const html = join(mkdtempSync(join(tmpdir(), 'shipyard-profile-')), 'profile.html')
writeFileSync(html, renderProfileHtml(profile, { title: 'customers' }))
console.log(`wrote ${html}`)
