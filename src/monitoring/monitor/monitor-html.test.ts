import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { buildReferenceProfile, type ColumnValues, driftReport } from '../drift/index.js'
import { categoryValues, normalValues } from '../drift/testing/drift-fixtures.js'
import { datasetVerdict, renderMonitorHtml } from './monitor-html.js'
import type { MonitorReport, VersionMonitor } from './monitor-report.js'
import { NO_TRAFFIC } from './traffic-summary.js'

const rng = new Random(4)
const CITIES = ['oslo', 'lima', '<b>rome</b>']
const reference = buildReferenceProfile({
  features: [
    { name: 'age', kind: 'numeric', values: normalValues(rng, 2000, 40, 10) },
    { name: 'city <x>', kind: 'categorical', values: categoryValues(rng, 2000, CITIES, [0.5, 0.3, 0.2]) },
    { name: 'children', kind: 'numeric', values: Float64Array.from({ length: 2000 }, () => rng.nextInt(3)) },
  ],
  prediction: {
    name: 'probability',
    kind: 'numeric',
    values: Float64Array.from({ length: 2000 }, () => rng.nextFloat()),
  },
})
const live = new Map<string, ColumnValues>([
  ['age', normalValues(rng, 500, 50, 10)],
  ['city <x>', categoryValues(rng, 500, [...CITIES, 'kyiv'], [0.3, 0.3, 0.2, 0.2])],
  ['children', Float64Array.from({ length: 500 }, () => rng.nextInt(3))],
  ['probability', Float64Array.from({ length: 500 }, () => rng.nextFloat())],
])
const drift = driftReport(reference, live)

const traffic = {
  records: 520,
  requests: 520,
  errors: 20,
  errorRate: 20 / 520,
  latencyMs: { p50: 2.5, p99: 9.75 },
}
const monitored: VersionMonitor = {
  version: 4,
  runId: 'abc123',
  registered: true,
  traffic,
  drift: { available: true, liveRows: 500, referenceRows: 2000, report: drift },
  quality: {
    live: {
      task: 'binary',
      loggedRows: 520,
      labelledRows: 100,
      coverage: 100 / 520,
      scoredRows: 100,
      metrics: { auc: 0.81, logloss: 0.45, accuracy: 0.8, f1: 0.7 },
    },
    training: { dataset: 'valid', metrics: { auc: 0.86, logloss: 0.4, accuracy: 0.83, f1: null } },
  },
}
const imported: VersionMonitor = {
  version: 5,
  runId: null,
  registered: true,
  traffic: NO_TRAFFIC,
  drift: { available: false, reason: 'version 5 was imported <here>' },
  quality: null,
}
const report: MonitorReport = {
  reportVersion: 1,
  model: 'churn & co',
  window: { since: Date.UTC(2024, 4, 1, 10), until: Date.UTC(2024, 4, 2, 10), length: '24h' },
  traffic,
  versions: [monitored, imported],
}

describe('renderMonitorHtml', () => {
  const html = renderMonitorHtml(report)

  it('draws one chart per feature and for the prediction, reference beside live', () => {
    const cards = html.split('<article class="card"').slice(1)
    assert.equal(cards.length, 4)
    for (const card of cards) {
      assert.equal(card.match(/<svg /g)?.length, 1)
      assert.match(card, /class="bar ref"/)
      assert.match(card, /class="bar live"/)
    }
    // Numbers: a column pair per reference bin; categories: a row per category and "(other)".
    const age = cards[0]!
    const referenceBars = (card: string) => card.match(/<rect class="bar ref" [^>]*><title>/g)?.length
    assert.equal(referenceBars(age), 10)
    assert.match(age, /<title>below [\d.]+: reference 10%<\/title>/)
    const city = cards[1]!
    assert.equal(city.match(/<g class="row">/g)?.length, 4)
    assert.match(city, /\(other\): reference 0%, live (19\.\d|2\d(\.\d)?)%/)
    assert.equal(referenceBars(cards[2]!), 3, 'one bin per value of a few-valued column')
    assert.match(cards[3]!, /<span class="muted">prediction<\/span>/)
  })

  it('shows traffic, quality against training, the dataset verdict and each feature’s test', () => {
    assert.match(html, /<dt>Requests<\/dt><dd>520<\/dd>/)
    assert.match(html, /<dt>Errors<\/dt><dd>20 \(3\.85%\)<\/dd>/)
    assert.match(html, /<dt>Latency p50 \/ p99<\/dt><dd>2\.5 ms \/ 9\.75 ms<\/dd>/)
    assert.match(html, /<dt>Label coverage<\/dt><dd>19\.2%<\/dd>/)
    assert.match(html, /<tr><td>auc<\/td><td class="num">0\.81<\/td><td class="num">0\.86<\/td><\/tr>/)
    assert.match(html, /<tr><td>f1<\/td><td class="num">0\.7<\/td><td class="num">—<\/td><\/tr>/)
    assert.ok(html.includes(datasetVerdict(drift)))
    assert.match(
      datasetVerdict(drift),
      /^2 of 3 features drifted \(66\.7%; the dataset drifts at 50%\): the dataset drifts$/,
    )
    assert.match(html, /<a href="#v4-f0">age<\/a><\/td><td>numeric<\/td><td>ks<\/td>/)
    assert.match(html, /probability \(prediction\)/)
  })

  it('says why a version has no drift, escapes every user string, and loads nothing', () => {
    assert.match(html, /Drift unavailable: version 5 was imported &lt;here&gt;/)
    assert.ok(!html.includes('<b>rome'))
    assert.ok(html.includes('&lt;b&gt;rome&lt;/b&gt;'))
    assert.ok(html.includes('<title>churn &amp; co monitor</title>'))
    assert.ok(!/<script|<link|@import|url\(|https?:\/\//.test(html.replace('http://www.w3.org/2000/svg', '')))
    const empty = renderMonitorHtml({ ...report, versions: [] })
    assert.match(empty, /No version answered requests in this window/)
  })
})
