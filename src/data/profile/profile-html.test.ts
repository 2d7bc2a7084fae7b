import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import { profileDataset } from './profile-dataset.js'
import { renderProfileHtml } from './profile-html.js'

const n = 500
const columns: Column[] = [
  {
    name: '<script>alert("x")</script>',
    type: 'numeric',
    values: Float64Array.from({ length: n }, (_, i) => i % 37),
  },
  {
    name: 'city',
    type: 'categorical',
    codes: Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : i % 3)),
    dictionary: ['oslo', '<img src=x onerror=alert(1)>', 'a "quoted" & \'apostrophe\''],
  },
  {
    name: 'flag',
    type: 'boolean',
    values: Int8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? -1 : i % 2)),
  },
  {
    name: 'when',
    type: 'datetime',
    values: Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 36e5),
  },
  { name: 'note', type: 'text', values: Array.from({ length: n }, (_, i) => (i % 2 ? `n${i % 7}` : null)) },
  { name: 'empty', type: 'numeric', values: new Float64Array(n).fill(Number.NaN) },
  { name: 'all missing text', type: 'text', values: new Array<string | null>(n).fill(null) },
]
const profile = profileDataset(Dataset.fromColumns(columns), { fingerprint: 'sha256:<fp>' })
const html = renderProfileHtml(profile, { title: 'data <2024>.csv' })

describe('renderProfileHtml', () => {
  it('draws exactly one SVG per column, including columns with nothing to chart', () => {
    assert.equal(html.match(/<svg\b/g)?.length, columns.length)
    assert.equal(html.match(/<article class="card"/g)?.length, columns.length)
    // Each card holds its own chart: split on cards and count per card.
    for (const card of html.split('<article class="card"').slice(1))
      assert.equal(card.match(/<svg\b/g)?.length, 1)
    assert.match(html, /every value is missing/)
  })

  it('escapes column names, categories, the title and the fingerprint', () => {
    assert.ok(!html.includes('<script'), 'no script tag, escaped or otherwise injected')
    assert.ok(!html.includes('<img'))
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'))
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'))
    assert.ok(html.includes('a &quot;quoted&quot; &amp; &#39;apostrophe&#39;'))
    assert.ok(html.includes('<title>data &lt;2024&gt;.csv</title>'))
    assert.ok(html.includes('sha256:&lt;fp&gt;'))
  })

  it('is self-contained: no scripts, links, images, imports or URLs in any tag or in the stylesheet', () => {
    // User text is escaped, so every literal `<` opens real markup.
    const tags = html.match(/<[^>]*>/g) ?? []
    for (const tag of tags)
      assert.doesNotMatch(tag, /^<(script|link|img|iframe|object)|\bsrc=|\bhref="(?!#)|https?:/i, tag)
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'))
    assert.doesNotMatch(css, /@import|url\(/i)
    assert.match(html, /^<!doctype html>/)
  })

  it('draws histogram bars on the reference bins and bars for categories, booleans and text', () => {
    const numeric = profile.columns[0]!
    assert.equal(numeric.type, 'numeric')
    const firstCard = html.split('<article class="card"')[1]!
    const bins = numeric.type === 'numeric' ? numeric.histogram!.counts.length : 0
    const tails =
      numeric.type === 'numeric'
        ? Number(numeric.histogram!.underflow > 0) + Number(numeric.histogram!.overflow > 0)
        : 0
    assert.equal(firstCard.match(/<rect class="bar/g)?.length, bins + tails)
    assert.match(html, /<title>true: 250 \(50%\)<\/title>/)
    assert.match(html, /\(missing\): 50 \(10%\)/)
  })
})
