import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sampleTrainingReports } from '../testing/sample-training-reports.js'
import { renderTrainingReportHtml, type TrainingReport } from './training-report.js'

const samples = sampleTrainingReports()
const SECTIONS = [
  'metrics',
  'learning-curve',
  'roc',
  'pr',
  'calibration',
  'confusion',
  'importance',
  'residuals',
  'params',
]

/** The ids of the report's sections, in page order. */
function sectionIds(html: string): string[] {
  return [...html.matchAll(/<(?:section|article) class="[^"]*" id="([^"]+)"/g)].map((m) => m[1]!)
}

/** The markup of one section or card, from its opening tag to its close. */
function part(html: string, id: string): string {
  const start = html.indexOf(` id="${id}"`)
  assert.ok(start >= 0, `section ${id} present`)
  return html.slice(
    start,
    html.indexOf(id === 'metrics' || id === 'params' ? '</section>' : '</article>', start),
  )
}

/** Every geometry attribute (coordinates, sizes, path data, transforms) inside every SVG of the page. */
function svgGeometry(html: string): string[] {
  const svgs = html.match(/<svg\b[\s\S]*?<\/svg>/g) ?? []
  const geometry = /\s(?:d|x|y|x1|x2|y1|y2|cx|cy|r|width|height|transform|viewBox)="([^"]*)"/g
  return svgs.flatMap((svg) => [...svg.matchAll(geometry)].map((m) => m[1]!))
}

describe('renderTrainingReportHtml', () => {
  it('shows every classification section for a binary model, in order', () => {
    const html = renderTrainingReportHtml(samples.binary)
    assert.deepEqual(
      sectionIds(html),
      SECTIONS.filter((s) => s !== 'residuals'),
    )
    const curve = part(html, 'learning-curve')
    assert.match(curve, /<path class="series s1" d="M/)
    assert.match(curve, /<path class="series s2" d="M/)
    assert.match(curve, /<line class="best" [^>]*><title>best iteration 224: logloss 0\.3\d+<\/title>/)
    assert.match(curve, />train<\/text>.*>validation<\/text>.*>best iteration \(224\)<\/text>/)
    assert.match(part(html, 'roc'), /<path class="reference" d="M62 354L542 14">/, 'the chance diagonal')
    assert.match(part(html, 'roc'), />model \(AUC 0\.8699\)</)
    const calibration = part(html, 'calibration')
    assert.equal(calibration.match(/<circle class="marker"/g)?.length, 10)
    assert.match(calibration, /<title>predicted 0\.0\d+, observed 0\.\d+, 616 rows<\/title>/)
    assert.match(calibration, />perfectly calibrated</)
    assert.match(
      part(html, 'confusion'),
      /<td class="hit" style="background:rgba\(56,103,214,0\.67\);color:#fff"[^>]*>1,681/,
    )
  })

  it('shows the learning curve, confusion matrix and importance for multiclass, and no binary curves', () => {
    const html = renderTrainingReportHtml(samples.multiclass)
    assert.deepEqual(sectionIds(html), ['metrics', 'learning-curve', 'confusion', 'importance', 'params'])
    const confusion = part(html, 'confusion')
    assert.equal(confusion.match(/<td class="hit"/g)?.length, 4)
    assert.match(confusion, /<td class="total">10<\/td>/)
    // Linear models have no splits to report.
    assert.doesNotMatch(part(html, 'importance'), /splits/)
  })

  it('shows predicted vs actual for regression, ignores classification parts, and draws no validation line', () => {
    const report: TrainingReport = {
      ...samples.regression,
      roc: { fpr: [0, 1], tpr: [0, 1], auc: 0.5 },
      confusion: { labels: ['a'], matrix: [[1]] },
    }
    const html = renderTrainingReportHtml(report)
    assert.deepEqual(sectionIds(html), ['metrics', 'learning-curve', 'residuals', 'importance', 'params'])
    const curve = part(html, 'learning-curve')
    assert.doesNotMatch(
      curve,
      /series s2|legend-box|class="best"/,
      'one series: no validation line, no legend',
    )
    const scatter = part(html, 'residuals')
    assert.equal(scatter.match(/<circle /g)?.length, 2000, 'downsampled from 5,000 rows')
    assert.match(scatter, /2,000 of 5,000 rows, evenly spaced/)
    assert.match(
      part(html, 'importance'),
      /<title>f0: gain 1,000,000 \(32\.2% of total\), 90 splits<\/title>/,
    )
    assert.match(part(html, 'metrics'), /<th class="num">Test<\/th><\/tr>/)
    assert.doesNotMatch(part(html, 'metrics'), /Validation/)
  })

  it('draws the top 20 features by gain, largest first', () => {
    const importance = part(renderTrainingReportHtml(samples.binary), 'importance')
    const labels = [...importance.matchAll(/<text class="label"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1])
    assert.equal(labels.length, 20)
    assert.equal(labels[0], 'feature_0_')
    assert.equal(labels[19], 'feature_19_x')
    assert.match(importance, /Top 20 of 35 features by gain/)
  })

  it('escapes every string from the data', () => {
    const html = renderTrainingReportHtml({
      ...samples.binary,
      title: 'run "<img src=x>"',
      params: { '<b>key</b>': '<script>alert(1)</script>', 'quote"s': "it's" },
      learningCurve: { ...samples.binary.learningCurve, metric: '<i>loss</i>' },
      metrics: { valid: { '<u>m</u>': 1 } },
      confusion: {
        labels: ['<script>x</script>', 'a&b'],
        matrix: [
          [1, 2],
          [3, 4],
        ],
      },
    })
    assert.ok(!html.includes('<script'), 'no script tag, from a feature name or anywhere else')
    assert.ok(
      html.includes('&lt;script&gt;alert(&quot;feature&quot;)&lt;/script&gt;'),
      'feature name, in its tooltip',
    )
    assert.ok(html.includes('&lt;script&gt;alert(&quot;feature&quot;)&lt;…'), 'feature name, shortened label')
    for (const escaped of [
      '<title>run &quot;&lt;img src=x&gt;&quot;</title>',
      '<td>&lt;b&gt;key&lt;/b&gt;</td><td>&lt;script&gt;alert(1)&lt;/script&gt;</td>',
      '<td>quote&quot;s</td><td>it&#39;s</td>',
      '&lt;i&gt;loss&lt;/i&gt; per iteration',
      '<td>&lt;u&gt;m&lt;/u&gt;</td>',
      '<th title="&lt;script&gt;x&lt;/script&gt;">&lt;script&gt;x&lt;/script&gt;</th>',
      'predicted a&amp;b',
    ])
      assert.ok(html.includes(escaped), escaped)
    assert.ok(
      !html.includes('<img') && !html.includes('<b>') && !html.includes('<i>') && !html.includes('<u>'),
    )
  })

  it('is self-contained: no scripts, links, images or URLs', () => {
    for (const report of Object.values(samples)) {
      const html = renderTrainingReportHtml(report)
      assert.match(html, /^<!doctype html>/)
      for (const tag of html.match(/<[^>]*>/g) ?? [])
        assert.doesNotMatch(tag, /^<(script|link|img|iframe|object)|\bsrc=|\bhref=|https?:/i, tag)
      assert.doesNotMatch(html, /@import|url\(/i)
    }
  })

  it('renders NaN and Infinity as text, never as coordinates', () => {
    const nan = Number.NaN
    const inf = Number.POSITIVE_INFINITY
    const report: TrainingReport = {
      ...samples.binary,
      learningCurve: {
        metric: 'logloss',
        iterations: [0, 1, 2, 3, 4, 5],
        train: [0.7, 0.6, nan, 0.4, 0.3, 0.2],
        valid: [0.7, inf, 0.6, 0.55, -inf, 0.5],
        bestIteration: nan,
      },
      metrics: { valid: { auc: nan, logloss: inf }, test: { auc: 0.5 } },
      roc: { fpr: [0, nan, 0.5, 1], tpr: [0, 0.4, inf, 1], auc: nan },
      pr: { recall: [nan, nan], precision: [1, 0.5], averagePrecision: inf },
      calibration: [
        { meanPredicted: nan, fractionPositive: 0.1, count: 10 },
        { meanPredicted: 0.5, fractionPositive: inf, count: 10 },
        { meanPredicted: 0.8, fractionPositive: 0.7, count: inf },
        { meanPredicted: 0.9, fractionPositive: 0.9, count: 0 },
      ],
      confusion: {
        labels: ['no', 'yes'],
        matrix: [
          [nan, 1],
          [2, inf],
        ],
      },
      importance: [
        { feature: 'a', gain: nan, split: 1 },
        { feature: 'b', gain: inf, split: 2 },
        { feature: 'c', gain: 3, split: 3 },
      ],
    }
    const html = renderTrainingReportHtml(report)
    const attributes = svgGeometry(html)
    assert.ok(attributes.length > 100)
    for (const value of attributes) assert.doesNotMatch(value, /NaN|Infinity/, value)
    for (const d of html.match(/ d="[^"]*"/g) ?? [])
      assert.match(d, /^ d="(?:[ML]-?\d+(?:\.\d+)? -?\d+(?:\.\d+)?)+"$/, d)
    const curve = part(html, 'learning-curve')
    assert.equal(
      curve.match(/<path class="series s1" d="([^"]*)"/)![1]!.match(/M/g)?.length,
      2,
      'line broken at NaN',
    )
    assert.match(
      part(html, 'metrics'),
      /<td class="num bad">NaN<\/td><td class="num" title="0\.5">0\.5<\/td>/,
    )
    assert.match(part(html, 'metrics'), /<td class="num bad">Infinity<\/td>/)
    assert.match(part(html, 'roc'), /AUC NaN/)
    assert.match(part(html, 'pr'), /no finite values to draw/)
    assert.equal(part(html, 'calibration').match(/<circle class="marker"/g)?.length, 1)
    assert.match(part(html, 'importance'), /<title>a: gain NaN \(— of total\), 1 splits<\/title>/)
  })

  it('draws placeholders for empty curves and sections', () => {
    const html = renderTrainingReportHtml({
      ...samples.regression,
      learningCurve: { metric: 'rmse', iterations: [], train: [] },
      metrics: {},
      params: {},
      importance: [],
      residuals: { predicted: [], actual: [] },
    })
    assert.match(part(html, 'learning-curve'), /no finite values to draw/)
    assert.match(part(html, 'metrics'), /No held-out metrics/)
    assert.match(part(html, 'params'), /No parameters recorded/)
    assert.match(part(html, 'importance'), /no feature importances/)
    assert.match(part(html, 'residuals'), /no finite pairs to draw/)
    assert.match(html, /<dt>Iterations<\/dt><dd>0<\/dd>/)
  })

  it('formats numbers compactly: counts with separators, metrics to five digits, round ticks', () => {
    const html = renderTrainingReportHtml(samples.binary)
    assert.match(html, /<dt>Train rows<\/dt><dd>120,000<\/dd>/)
    assert.match(part(html, 'metrics'), /<td class="num" title="0\.31234567">0\.31235<\/td>/)
    assert.match(part(html, 'params'), /<td>20240101<\/td>/, 'parameters exactly as given')
    const ticks = [...part(html, 'roc').matchAll(/<text class="axis"[^>]*>([^<]*)</g)].map((m) => m[1])
    assert.deepEqual(ticks, ['0', '0.2', '0.4', '0.6', '0.8', '1', '0', '0.2', '0.4', '0.6', '0.8', '1'])
    const curveTicks = [...part(html, 'learning-curve').matchAll(/<text class="axis"[^>]*>([^<]*)</g)].map(
      (m) => m[1],
    )
    assert.deepEqual(curveTicks.slice(-7), ['0', '50', '100', '150', '200', '250', '300'])
  })
})
