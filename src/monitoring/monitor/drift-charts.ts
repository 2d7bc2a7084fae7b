import {
  type Axis,
  axesSvg,
  axisTickSvg,
  CHART_WIDTH,
  escapeHtml,
  formatNumber,
  formatPercent,
  legendSvg,
  numericAxis,
  type PlotArea,
  plotArea,
  svgChart,
  svgCoord,
} from '../../shared/index.js'
import type { CategoricalFeatureDrift, FeatureDrift, NumericFeatureDrift } from '../drift/index.js'

/** Categories drawn one per row; the rest join "other". */
export const CHART_CATEGORIES = 12

const HEIGHT = 240
const MAX_CUT_LABELS = 5
const LEGEND = [
  { label: 'reference', className: 'bar ref', swatch: true },
  { label: 'live', className: 'bar live', swatch: true },
] as const

/**
 * A feature's reference and live distributions on the reference's bins, as one inline SVG: grouped
 * columns per quantile bin for numbers, paired bars per category for categories. Each bar's
 * `<title>` names its bin and share.
 */
export function driftChartSvg(drift: FeatureDrift): string {
  const caption = `Reference and live distributions of ${drift.name}`
  return drift.kind === 'numeric' ? numericChart(drift, caption) : categoricalChart(drift, caption)
}

/** Columns of equal width per reference bin (deciles hold a tenth of the reference each), labelled by their cuts. */
function numericChart(drift: NumericFeatureDrift, caption: string): string {
  const { cuts } = drift
  const reference = drift.reference.proportions
  const live = drift.live.proportions
  const bins = reference.length
  const xAxis: Axis = {
    title: `${drift.name}, on the reference's quantile bins`,
    min: 0,
    max: bins,
    ticks: [],
  }
  const yAxis = numericAxis('share of values', [reference, live], { includeZero: true })
  const area = plotArea(xAxis, yAxis, HEIGHT)
  const slot = (area.right - area.left) / bins
  const pad = slot * 0.12
  const width = (slot - 2 * pad) / 2
  const bars: string[] = []
  for (let k = 0; k < bins; k++) {
    const interval = binLabel(cuts, k)
    const x = area.x(k) + pad
    bars.push(
      column(
        'ref',
        x,
        width,
        area.y(reference[k]!),
        area.y(0),
        `${interval}: reference ${formatPercent(reference[k]!)}`,
      ),
      column(
        'live',
        x + width,
        width,
        area.y(live[k]!),
        area.y(0),
        `${interval}: live ${formatPercent(live[k]!)}`,
      ),
    )
  }
  const ticks = labelledCuts(cuts.length).map((j) =>
    axisTickSvg(area.x(j + 1), area.bottom, formatNumber(cuts[j]!, 4), 'middle'),
  )
  return svgChart(area.width, area.height, caption, [
    axesSvg(area, xAxis, yAxis),
    ...bars,
    ...ticks,
    legendSvg(area, LEGEND),
  ])
}

const ROW = 26
const ROWS_TOP = 56
const LABEL_WIDTH = 150
const VALUE_WIDTH = 110

/** One row per category (the reference's most frequent first, then "other"): a reference bar above a live one. */
function categoricalChart(drift: CategoricalFeatureDrift, caption: string): string {
  const rows = categoryRows(drift)
  const peak = Math.max(Number.MIN_VALUE, ...rows.flatMap((r) => [r.reference, r.live]))
  const room = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
  const height = ROWS_TOP + rows.length * ROW + 6
  // Only its edges matter to the legend: the band above the rows, right-aligned.
  const legendArea: PlotArea = {
    width: CHART_WIDTH,
    height,
    left: LABEL_WIDTH,
    right: CHART_WIDTH,
    top: 0,
    bottom: ROWS_TOP,
    x: (v) => v,
    y: (v) => v,
  }
  const body = rows.map((r, i) => {
    const y = ROWS_TOP + i * ROW
    const short = r.label.length > 20 ? `${r.label.slice(0, 19)}…` : r.label
    const bar = (tone: 'ref' | 'live', share: number, dy: number) =>
      `<rect class="bar ${tone}" x="${LABEL_WIDTH}" y="${y + dy}" width="${svgCoord(Math.max(share > 0 ? 1.5 : 0, (share / peak) * room))}" height="9" rx="1.5"/>`
    return [
      `<g class="row"><title>${escapeHtml(`${r.label}: reference ${formatPercent(r.reference)}, live ${formatPercent(r.live)}`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(short)}</text>`,
      bar('ref', r.reference, 2),
      bar('live', r.live, 12),
      `<text class="value" x="${LABEL_WIDTH + room + 6}" y="${y + 14}">${formatPercent(r.reference)} → ${formatPercent(r.live)}</text></g>`,
    ].join('')
  })
  return svgChart(CHART_WIDTH, height, caption, [legendSvg(legendArea, LEGEND), ...body])
}

/** The first `CHART_CATEGORIES` categories, then every other share (live values never seen included) as "other". */
function categoryRows(drift: CategoricalFeatureDrift): { label: string; reference: number; live: number }[] {
  const reference = drift.reference.proportions
  const live = drift.live.proportions
  const shown = Math.min(drift.categories.length, CHART_CATEGORIES)
  const rows = drift.categories
    .slice(0, shown)
    .map((label, k) => ({ label, reference: reference[k]!, live: live[k]! }))
  let otherReference = 0
  let otherLive = 0
  for (let k = shown; k < reference.length; k++) {
    otherReference += reference[k]!
    otherLive += live[k]!
  }
  if (otherReference > 0 || otherLive > 0)
    rows.push({ label: '(other)', reference: otherReference, live: otherLive })
  return rows
}

function column(
  tone: 'ref' | 'live',
  x: number,
  width: number,
  top: number,
  base: number,
  tip: string,
): string {
  return `<rect class="bar ${tone}" x="${svgCoord(x)}" y="${svgCoord(top)}" width="${svgCoord(width)}" height="${svgCoord(base - top)}"><title>${escapeHtml(tip)}</title></rect>`
}

/** Bin k of cuts with open outer edges: `< c0`, `[c(k−1), c(k))`, `≥ c(last)`; one bin without cuts. */
function binLabel(cuts: readonly number[], k: number): string {
  const f = (x: number) => formatNumber(x, 4)
  if (cuts.length === 0) return 'all values'
  if (k === 0) return `below ${f(cuts[0]!)}`
  if (k === cuts.length) return `${f(cuts[k - 1]!)} and above`
  return `[${f(cuts[k - 1]!)}, ${f(cuts[k]!)})`
}

/** Which cuts get a label under the axis: all when few, else about `MAX_CUT_LABELS` evenly spread. */
function labelledCuts(count: number): number[] {
  if (count <= MAX_CUT_LABELS) return Array.from({ length: count }, (_, j) => j)
  const step = (count - 1) / (MAX_CUT_LABELS - 1)
  return Array.from({ length: MAX_CUT_LABELS }, (_, i) => Math.round(i * step))
}
