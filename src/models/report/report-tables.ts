import { escapeHtml, formatCount, formatNumber, formatPercent } from '../../shared/index.js'
import type { ConfusionMatrix, TrainingReport } from './training-report.js'

/**
 * Final metrics, one row per metric name (in first-seen order) and a column per evaluated set, to
 * five significant digits with the full value as tooltip; NaN and ±Infinity as highlighted text.
 */
export function metricsTable(metrics: TrainingReport['metrics']): string {
  const sets: [string, Readonly<Record<string, number>>][] = []
  if (metrics.valid) sets.push(['Validation', metrics.valid])
  if (metrics.test) sets.push(['Test', metrics.test])
  const names = [...new Set(sets.flatMap(([, values]) => Object.keys(values)))]
  if (names.length === 0)
    return '<p class="muted">No held-out metrics: the model was evaluated on no validation or test set.</p>'
  const head = `<tr><th>Metric</th>${sets.map(([set]) => `<th class="num">${set}</th>`).join('')}</tr>`
  const rows = names.map((name) => {
    const cells = sets.map(([, values]) => metricCell(values[name]))
    return `<tr><td>${escapeHtml(name)}</td>${cells.join('')}</tr>`
  })
  return table(head, rows)
}

/** The parameters as given, one row each, in their order; values shown exactly (no rounding). */
export function paramsTable(params: TrainingReport['params']): string {
  const entries = Object.entries(params)
  if (entries.length === 0) return '<p class="muted">No parameters recorded.</p>'
  const rows = entries.map(
    ([name, value]) => `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(String(value))}</td></tr>`,
  )
  return table('<tr><th>Parameter</th><th>Value</th></tr>', rows)
}

/**
 * The confusion matrix as a table shaded by each cell's share of its actual class (its row), so the
 * diagonal reads as per-class recall; row totals on the right, every cell with a tooltip.
 */
export function confusionTable(confusion: ConfusionMatrix): string {
  const { labels, matrix } = confusion
  const head = `<tr><th>actual \\ predicted</th>${labels.map((l) => `<th title="${escapeHtml(l)}">${escapeHtml(l)}</th>`).join('')}<th>total</th></tr>`
  const rows = labels.map((actual, i) => {
    const row = matrix[i] ?? []
    const total = labels.reduce((s, _, j) => s + finiteCount(row[j]), 0)
    const cells = labels.map((predicted, j) => {
      const count = row[j] ?? 0
      const share = total > 0 ? finiteCount(count) / total : 0
      const tip = `actual ${actual}, predicted ${predicted}: ${formatCount(count)} (${formatPercent(share)} of actual ${actual})`
      return `<td class="${i === j ? 'hit' : 'miss'}" style="${shade(share)}" title="${escapeHtml(tip)}">${formatCount(count)}<span class="share">${formatPercent(share)}</span></td>`
    })
    return `<tr><th title="${escapeHtml(actual)}">${escapeHtml(actual)}</th>${cells.join('')}<td class="total">${formatCount(total)}</td></tr>`
  })
  return `<div class="scroll"><table class="confusion"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`
}

function metricCell(value: number | undefined): string {
  if (value === undefined) return '<td class="num">—</td>'
  if (!Number.isFinite(value)) return `<td class="num bad">${formatNumber(value)}</td>`
  return `<td class="num" title="${value}">${formatNumber(value, 5)}</td>`
}

function table(head: string, rows: readonly string[]): string {
  return `<div class="scroll"><table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`
}

function finiteCount(n: number | undefined): number {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0
}

/** The accent colour at an opacity growing with `share`; dark cells get white text. */
function shade(share: number): string {
  const alpha = Math.round(Math.min(1, Math.max(0, share)) * 0.85 * 100) / 100
  return `background:rgba(56,103,214,${alpha})${alpha > 0.45 ? ';color:#fff' : ''}`
}
