import {
  BASE_CSS,
  escapeHtml,
  factHtml,
  formatCount,
  formatInstant,
  formatNumber,
  formatPercent,
  renderHtmlPage,
} from '../../shared/index.js'
import type { DriftReport, FeatureDrift } from '../drift/index.js'
import { driftChartSvg } from './drift-charts.js'
import type { MonitorReport, VersionMonitor } from './monitor-report.js'
import type { TrafficSummary } from './traffic-summary.js'

/** The report's stylesheet: the shared base, status badges, and the reference and live colours. */
const MONITOR_CSS = `${BASE_CSS}
.card-head{display:flex;align-items:center;gap:10px;margin-bottom:8px;flex-wrap:wrap}
.card-head h3{margin:0;font-size:16px;word-break:break-all}
.status{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;font-weight:600}
.status.ok{background:#ecfdf3;color:#027a48}.status.warn{background:var(--flag-bg);color:var(--flag)}
.status.drift{background:#fef3f2;color:#b42318}
.verdict{margin:14px 0 10px;font-weight:600}
.unavailable{color:var(--flag)}
svg .bar.ref{fill:#9db4e8}svg .bar.live{fill:var(--second)}
h2 .muted{font-weight:400}
`

/**
 * The monitor report as one self-contained HTML page (inline CSS and SVG only: no script, font or
 * network request): the window's traffic in the header, then per version its traffic, live quality
 * next to training quality, the dataset drift verdict, a table of every feature's test, and one card
 * per feature and for the prediction with its reference-vs-live chart. A version without drift says
 * why. Every user string is HTML-escaped.
 */
export function renderMonitorHtml(report: MonitorReport): string {
  const { traffic, window } = report
  return renderHtmlPage({
    title: `${report.model} monitor`,
    kicker: 'Shipyard model monitor',
    facts: [
      ['Window', escapeHtml(`${window.length} to ${formatInstant(window.until)}`)],
      ['Requests', formatCount(traffic.requests)],
      ['Errors', errorsText(traffic)],
      ['Latency p50 / p99', latencyText(traffic)],
    ],
    css: MONITOR_CSS,
    mainHtml:
      report.versions.length === 0
        ? '<section class="panel"><p class="muted">No version answered requests in this window.</p></section>'
        : report.versions.map(versionHtml).join('\n'),
  })
}

function versionHtml(v: VersionMonitor): string {
  const run = v.runId === null ? '' : ` <span class="muted">run ${escapeHtml(v.runId)}</span>`
  const coverage = v.quality?.live.coverage
  const stats: [string, string][] = [
    ['Requests', formatCount(v.traffic.requests)],
    ['Rows', formatCount(v.traffic.records)],
    ['Errors', errorsText(v.traffic)],
    ['Latency p50 / p99', latencyText(v.traffic)],
    ['Labelled rows', v.quality ? formatCount(v.quality.live.labelledRows) : '—'],
    ['Label coverage', coverage == null ? '—' : formatPercent(coverage)],
  ]
  const drift = v.drift.available
    ? `<p class="verdict">${escapeHtml(datasetVerdict(v.drift.report))}</p>${featureTable(v.drift.report, v.version)}`
    : `<p class="verdict unavailable">Drift unavailable: ${escapeHtml(v.drift.reason)}</p>`
  const cards = v.drift.available ? featureCards(v.drift.report, v.version) : ''
  return `<section class="panel" id="v${v.version}"><h2>Version ${v.version}${run}</h2>
<dl class="stats">${stats.map(([k, value]) => factHtml(k, value)).join('')}</dl>
${qualityTable(v)}${drift}</section>
${cards}`
}

/** One line on the dataset: how many features drifted against the share at which the dataset does. */
export function datasetVerdict(report: DriftReport): string {
  const n = report.features.length
  const verdict = report.drifted ? 'the dataset drifts' : 'no dataset drift'
  return `${report.driftedFeatures} of ${n} features drifted (${formatPercent(report.share)}; the dataset drifts at ${formatPercent(report.driftShare)}): ${verdict}`
}

function qualityTable(v: VersionMonitor): string {
  if (v.quality === null) return ''
  const { live, training } = v.quality
  const trainedOn = training.dataset === null ? 'training' : `training (${training.dataset})`
  const names = Object.keys(training.metrics)
  const liveMetrics = (live.metrics ?? {}) as Readonly<Record<string, number | null>>
  const rows = names.map(
    (name) =>
      `<tr><td>${name}</td><td class="num">${formatNumber(liveMetrics[name] ?? null, 4)}</td><td class="num">${formatNumber(training.metrics[name] ?? null, 4)}</td></tr>`,
  )
  const note =
    live.metrics === null ? '<p class="muted">No labelled prediction to score in this window.</p>' : ''
  return `<div class="scroll"><table class="summary"><thead><tr><th>Quality</th><th class="num">Live (${formatCount(live.scoredRows)} rows)</th><th class="num">${trainedOn}</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${note}`
}

function featureTable(report: DriftReport, version: number): string {
  const all = report.prediction ? [...report.features, report.prediction] : report.features
  const rows = all.map((f, i) => {
    const name = f === report.prediction ? `${f.name} (prediction)` : f.name
    const cells = [
      `<a href="#v${version}-f${i}">${escapeHtml(name)}</a>`,
      f.kind,
      f.method,
      formatNumber(f.statistic, 4),
      formatNumber(f.pValue, 4),
      formatNumber(f.threshold, 4),
      formatNumber(f.psi, 4),
      statusBadge(f),
    ]
    return `<tr>${cells.map((c, k) => `<td${k >= 3 && k <= 6 ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`
  })
  const head = ['Feature', 'Kind', 'Test', 'Statistic', 'p-value', 'Threshold', 'PSI', 'Status']
  const header = head.map((h, k) => `<th${k >= 3 && k <= 6 ? ' class="num"' : ''}>${h}</th>`).join('')
  return `<div class="scroll"><table class="summary"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function featureCards(report: DriftReport, version: number): string {
  const all = report.prediction ? [...report.features, report.prediction] : report.features
  const cards = all.map((f, i) => {
    const role = f === report.prediction ? ' <span class="muted">prediction</span>' : ''
    return `<article class="card" id="v${version}-f${i}">
<div class="card-head"><h3>${escapeHtml(f.name)}</h3>${role}${statusBadge(f)}</div>
${driftChartSvg(f)}
<dl class="stats">${featureStats(f)
      .map(([k, v]) => factHtml(k, v))
      .join('')}</dl>
</article>`
  })
  return `<section class="cards">${cards.join('\n')}</section>`
}

function featureStats(f: FeatureDrift): [string, string][] {
  const stats: [string, string][] = [
    ['Test', `${f.method} ${formatNumber(f.statistic, 4)}`],
    ['PSI', formatNumber(f.psi, 4)],
    ['Rows ref / live', `${formatCount(f.reference.rows)} / ${formatCount(f.live.rows)}`],
    [
      'Missing ref / live',
      `${formatPercent(f.reference.missingRate)} / ${formatPercent(f.live.missingRate)}`,
    ],
  ]
  if (f.kind === 'numeric') {
    stats.push(
      ['Mean ref / live', `${formatNumber(f.reference.mean, 4)} / ${formatNumber(f.live.mean, 4)}`],
      ['Std ref / live', `${formatNumber(f.reference.std, 4)} / ${formatNumber(f.live.std, 4)}`],
    )
  } else stats.push(['Unseen categories', f.unseenRate === null ? '—' : formatPercent(f.unseenRate)])
  return stats
}

function statusBadge(f: FeatureDrift): string {
  return `<span class="status ${f.status}">${f.status}</span>`
}

function errorsText(t: TrafficSummary): string {
  return t.errorRate === null
    ? formatCount(t.errors)
    : `${formatCount(t.errors)} (${formatPercent(t.errorRate)})`
}

function latencyText(t: TrafficSummary): string {
  const ms = (x: number | null) => (x === null ? '—' : `${formatNumber(x, 3)} ms`)
  return `${ms(t.latencyMs.p50)} / ${ms(t.latencyMs.p99)}`
}
