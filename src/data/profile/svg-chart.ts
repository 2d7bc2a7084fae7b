import {
  axisTickSvg,
  CHART_WIDTH,
  escapeHtml,
  formatCount,
  formatPercent,
  horizontalBarsSvg,
  svgChart,
  svgCoord,
} from '../../shared/index.js'
import type { Histogram } from './dataset-profile.js'

/** One bar of a bar chart. `tone` colours it: ordinary, a tail or "other", or missing. */
export interface Bar {
  readonly label: string
  readonly count: number
  readonly tone: 'main' | 'muted' | 'missing'
}

const HISTOGRAM_HEIGHT = 190
const PLOT_TOP = 14
const PLOT_BOTTOM = 34
const PLOT_LEFT = 44
const PLOT_RIGHT = 8
const MAX_SLOT = 64

/**
 * A histogram as an SVG column chart: the bins in order, with the underflow and overflow tails as
 * grey columns at either end when they hold anything. Each column has a `<title>` tooltip naming its
 * interval and count; the axis shows the first, middle and last edges through `label`.
 */
export function histogramSvg(histogram: Histogram, label: (edge: number) => string, caption: string): string {
  const { edges, counts } = histogram
  const columns: { readonly count: number; readonly tip: string; readonly tail: boolean }[] = []
  if (histogram.underflow > 0) {
    columns.push({ count: histogram.underflow, tip: `below ${label(edges[0]!)}`, tail: true })
  }
  counts.forEach((count, k) => {
    const closing = k === counts.length - 1 ? ']' : ')'
    columns.push({ count, tip: `[${label(edges[k]!)}, ${label(edges[k + 1]!)}${closing}`, tail: false })
  })
  if (histogram.overflow > 0) {
    columns.push({ count: histogram.overflow, tip: `above ${label(edges.at(-1)!)}`, tail: true })
  }
  const total = columns.reduce((s, c) => s + c.count, 0)
  const peak = Math.max(1, ...columns.map((c) => c.count))
  const plotWidth = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
  const plotHeight = HISTOGRAM_HEIGHT - PLOT_TOP - PLOT_BOTTOM
  // Few columns (a constant column has one) stay bar-shaped rather than filling the plot, centred.
  const slot = Math.min(plotWidth / columns.length, MAX_SLOT)
  const left = PLOT_LEFT + (plotWidth - slot * columns.length) / 2
  const gap = Math.min(2, slot * 0.15)
  const firstBin = histogram.underflow > 0 ? 1 : 0
  const bars = columns.map((c, i) => {
    const h = (c.count / peak) * plotHeight
    const x = left + i * slot + gap / 2
    const y = PLOT_TOP + plotHeight - h
    const share = total === 0 ? 0 : c.count / total
    return `<rect class="${c.tail ? 'bar tail' : 'bar'}" x="${svgCoord(x)}" y="${svgCoord(y)}" width="${svgCoord(slot - gap)}" height="${svgCoord(h)}"><title>${escapeHtml(`${c.tip}: ${formatCount(c.count)} (${formatPercent(share)})`)}</title></rect>`
  })
  const axisY = PLOT_TOP + plotHeight
  const binX = (k: number) => left + (firstBin + k) * slot
  const middle = Math.floor(counts.length / 2)
  const ticks =
    edges[0] === edges.at(-1)
      ? [axisTickSvg(binX(0.5), axisY, label(edges[0]!), 'middle')]
      : [
          axisTickSvg(binX(0), axisY, label(edges[0]!), 'start'),
          counts.length >= 4 ? axisTickSvg(binX(middle), axisY, label(edges[middle]!), 'middle') : '',
          axisTickSvg(binX(counts.length), axisY, label(edges.at(-1)!), 'end'),
        ]
  return svgChart(CHART_WIDTH, HISTOGRAM_HEIGHT, caption, [
    `<text class="axis" x="${PLOT_LEFT - 6}" y="${PLOT_TOP + 4}" text-anchor="end">${formatCount(peak)}</text>`,
    `<text class="axis" x="${PLOT_LEFT - 6}" y="${axisY}" text-anchor="end">0</text>`,
    `<line class="grid" x1="${PLOT_LEFT}" x2="${CHART_WIDTH - PLOT_RIGHT}" y1="${PLOT_TOP}" y2="${PLOT_TOP}"/>`,
    ...bars,
    `<line class="baseline" x1="${PLOT_LEFT}" x2="${CHART_WIDTH - PLOT_RIGHT}" y1="${axisY}" y2="${axisY}"/>`,
    ...ticks,
  ])
}

/** Horizontal bars (top categories, booleans): label, bar, count and share of `rows`. */
export function barsSvg(bars: readonly Bar[], rows: number, caption: string): string {
  return horizontalBarsSvg(
    bars.map((b) => {
      const share = formatPercent(rows === 0 ? 0 : b.count / rows)
      return {
        label: b.label,
        value: b.count,
        text: `${formatCount(b.count)} · ${share}`,
        tip: `${b.label}: ${formatCount(b.count)} (${share})`,
        tone: b.tone,
      }
    }),
    caption,
  )
}
