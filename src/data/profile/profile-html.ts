import {
  emptySvgChart,
  escapeHtml,
  factHtml,
  formatCount,
  formatInstant,
  formatNumber,
  formatPercent,
  instantAxisLabel,
  renderHtmlPage,
} from '../../shared/index.js'
import type {
  BooleanProfile,
  CategoricalProfile,
  ColumnProfile,
  DatasetProfile,
  NumericProfile,
  TextProfile,
} from './dataset-profile.js'
import { PROFILE_CSS } from './profile-css.js'
import { type Bar, barsSvg, histogramSvg } from './svg-chart.js'

/** Options of `renderProfileHtml`. */
export interface ProfileHtmlOptions {
  /** The page title and heading (a file name, usually). */
  readonly title: string
}

/**
 * The profile as one self-contained HTML page: inline CSS and inline SVG only (no script, font, image
 * or network request), so it opens offline and can be stored as a run artifact. A summary table links
 * to one card per column; each card has exactly one SVG chart (histogram on the reference edges for
 * numbers and datetimes, bars of top values, true/false, or a placeholder when there is nothing to
 * draw) and its statistics. Every user string (title, column names, categories) is HTML-escaped.
 */
export function renderProfileHtml(profile: DatasetProfile, options: ProfileHtmlOptions): string {
  const cells = profile.rowCount * profile.columns.length
  const missing = profile.columns.reduce((s, c) => s + c.missing, 0)
  const facts: [string, string][] = [
    ['Rows', formatCount(profile.rowCount)],
    ['Columns', formatCount(profile.columns.length)],
    ['Missing cells', cells === 0 ? '0' : `${formatCount(missing)} (${formatPercent(missing / cells)})`],
  ]
  if (profile.fingerprint !== null)
    facts.push(['Fingerprint', `<code>${escapeHtml(profile.fingerprint)}</code>`])
  return renderHtmlPage({
    title: options.title,
    kicker: 'Shipyard data profile',
    facts,
    css: PROFILE_CSS,
    mainHtml: `<section class="panel"><h2>Columns</h2>${summaryTable(profile)}</section>
<section class="cards">${profile.columns.map((c, i) => card(c, i)).join('\n')}</section>`,
  })
}

function summaryTable(profile: DatasetProfile): string {
  const head = ['Column', 'Type', 'Missing', 'Distinct', 'Min', 'Median', 'Max', 'Mean', 'Most frequent']
  const rows = profile.columns.map((c, i) => {
    const { min, median, max, mean } = centre(c)
    const cells = [
      `<a href="#col-${i}">${escapeHtml(c.name)}</a>`,
      `<span class="type ${c.type}">${c.type}</span>`,
      missingCell(c),
      formatCount(c.distinct),
      min,
      median,
      max,
      mean,
      mostFrequent(c),
    ]
    return `<tr>${cells.map((cell, k) => `<td${k >= 2 && k <= 7 ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`
  })
  const header = head.map((h, k) => `<th${k >= 2 && k <= 7 ? ' class="num"' : ''}>${h}</th>`).join('')
  return `<div class="scroll"><table class="summary"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
}

function card(column: ColumnProfile, index: number): string {
  const stats = statistics(column)
  return `<article class="card" id="col-${index}">
<div class="card-head"><h3>${escapeHtml(column.name)}</h3><span class="type ${column.type}">${column.type}</span>${flags(column)}</div>
${chart(column)}
<dl class="stats">${stats.map(([k, v]) => factHtml(k, v)).join('')}</dl>
</article>`
}

function chart(c: ColumnProfile): string {
  const caption = `Distribution of ${c.name}`
  switch (c.type) {
    case 'numeric':
      return c.histogram
        ? histogramSvg(c.histogram, axisNumber, caption)
        : emptySvgChart(noValues(c), caption)
    case 'datetime':
      return c.histogram
        ? histogramSvg(
            c.histogram,
            instantAxisLabel(c.histogram.edges.at(-1)! - c.histogram.edges[0]!),
            caption,
          )
        : emptySvgChart(noValues(c), caption)
    case 'categorical':
    case 'text':
      return c.count === c.missing
        ? emptySvgChart(noValues(c), caption)
        : barsSvg(topBars(c), c.count, caption)
    case 'boolean': {
      const bars: Bar[] = [
        { label: 'true', count: c.trueCount, tone: 'main' },
        { label: 'false', count: c.falseCount, tone: 'main' },
      ]
      if (c.missing > 0) bars.push({ label: '(missing)', count: c.missing, tone: 'missing' })
      return barsSvg(bars, c.count, caption)
    }
  }
}

function topBars(c: CategoricalProfile | TextProfile): Bar[] {
  const bars: Bar[] = c.top.map((t) => ({ label: t.value, count: t.count, tone: 'main' }))
  if (c.other.count > 0)
    bars.push({ label: `(${formatCount(c.other.distinct)} others)`, count: c.other.count, tone: 'muted' })
  if (c.missing > 0) bars.push({ label: '(missing)', count: c.missing, tone: 'missing' })
  return bars
}

function statistics(c: ColumnProfile): [string, string][] {
  const common: [string, string][] = [
    ['Rows', formatCount(c.count)],
    ['Missing', missingCell(c)],
    ['Distinct', formatCount(c.distinct)],
  ]
  switch (c.type) {
    case 'numeric':
      return [...common, ...numericStats(c)]
    case 'datetime':
      return [
        ...common,
        ['Min', formatInstant(c.min, true)],
        ['Median', formatInstant(c.quantiles?.p50 ?? null, true)],
        ['Max', formatInstant(c.max, true)],
      ]
    case 'categorical':
      return [
        ...common,
        ['Other values', `${formatCount(c.other.count)} rows, ${formatCount(c.other.distinct)} values`],
      ]
    case 'text':
      return [
        ...common,
        [
          'Length min / mean / max',
          c.length ? `${c.length.min} / ${formatNumber(c.length.mean)} / ${c.length.max}` : '—',
        ],
      ]
    case 'boolean':
      return [...common, ['True', share(c.trueCount, c)], ['False', share(c.falseCount, c)]]
  }
}

function numericStats(c: NumericProfile): [string, string][] {
  const q = c.quantiles
  const stats: [string, string][] = [
    ['Mean', formatNumber(c.mean)],
    ['Std', formatNumber(c.std)],
    ['Min', formatNumber(c.min)],
    ['Max', formatNumber(c.max)],
  ]
  if (q) {
    for (const key of ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const)
      stats.push([key, formatNumber(q[key])])
  }
  if (c.infinite.positive + c.infinite.negative > 0) {
    stats.push(['+∞ / −∞', `${formatCount(c.infinite.positive)} / ${formatCount(c.infinite.negative)}`])
  }
  return stats
}

function centre(c: ColumnProfile): { min: string; median: string; max: string; mean: string } {
  switch (c.type) {
    case 'numeric':
      return {
        min: formatNumber(c.min),
        median: formatNumber(c.quantiles?.p50 ?? null),
        max: formatNumber(c.max),
        mean: formatNumber(c.mean),
      }
    case 'datetime':
      return {
        min: formatInstant(c.min),
        median: formatInstant(c.quantiles?.p50 ?? null),
        max: formatInstant(c.max),
        mean: '—',
      }
    default:
      return { min: '—', median: '—', max: '—', mean: '—' }
  }
}

function mostFrequent(c: ColumnProfile): string {
  if (c.type === 'categorical' || c.type === 'text') {
    const first = c.top[0]
    return first
      ? `${escapeHtml(first.value)} <span class="muted">${formatPercent(first.frequency)}</span>`
      : '—'
  }
  if (c.type === 'boolean')
    return c.count === c.missing ? '—' : c.trueCount >= c.falseCount ? 'true' : 'false'
  return '—'
}

/** Badges for what deserves a look: nothing present, a single value, infinities, mostly missing. */
function flags(c: ColumnProfile): string {
  const out: string[] = []
  if (c.count > 0 && c.missing === c.count) out.push('all missing')
  else if (c.missing / Math.max(1, c.count) > 0.5) out.push('mostly missing')
  if (c.distinct === 1) out.push('constant')
  if (c.type === 'numeric' && c.infinite.positive + c.infinite.negative > 0) out.push('infinities')
  return out.map((f) => `<span class="flag">${f}</span>`).join('')
}

function missingCell(c: ColumnProfile): string {
  if (c.missing === 0) return '0'
  return `${formatCount(c.missing)} <span class="muted">${formatPercent(c.missing / c.count)}</span>`
}

function share(n: number, c: BooleanProfile): string {
  return `${formatCount(n)} <span class="muted">${formatPercent(c.count === 0 ? 0 : n / c.count)}</span>`
}

function noValues(c: ColumnProfile): string {
  if (c.count === 0) return 'no rows'
  return c.missing === c.count ? 'every value is missing' : 'no finite values to chart'
}

/** Axis labels are compact: four significant digits. */
function axisNumber(edge: number): string {
  return formatNumber(edge, 4)
}
