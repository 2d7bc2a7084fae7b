import type { Histogram } from './dataset-profile.js'
import { escapeHtml, formatCount, formatPercent } from './html-format.js'

/** One bar of a bar chart. `tone` colours it: ordinary, a tail or "other", or missing. */
export interface Bar {
  readonly label: string
  readonly count: number
  readonly tone: 'main' | 'muted' | 'missing'
}

const WIDTH = 560
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
  const plotWidth = WIDTH - PLOT_LEFT - PLOT_RIGHT
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
    return `<rect class="${c.tail ? 'bar tail' : 'bar'}" x="${fixed(x)}" y="${fixed(y)}" width="${fixed(slot - gap)}" height="${fixed(h)}"><title>${escapeHtml(`${c.tip}: ${formatCount(c.count)} (${formatPercent(share)})`)}</title></rect>`
  })
  const axisY = PLOT_TOP + plotHeight
  const binX = (k: number) => left + (firstBin + k) * slot
  const middle = Math.floor(counts.length / 2)
  const ticks =
    edges[0] === edges.at(-1)
      ? [tick(binX(0.5), axisY, label(edges[0]!), 'middle')]
      : [
          tick(binX(0), axisY, label(edges[0]!), 'start'),
          counts.length >= 4 ? tick(binX(middle), axisY, label(edges[middle]!), 'middle') : '',
          tick(binX(counts.length), axisY, label(edges.at(-1)!), 'end'),
        ]
  return svg(WIDTH, HISTOGRAM_HEIGHT, caption, [
    `<text class="axis" x="${PLOT_LEFT - 6}" y="${PLOT_TOP + 4}" text-anchor="end">${formatCount(peak)}</text>`,
    `<text class="axis" x="${PLOT_LEFT - 6}" y="${axisY}" text-anchor="end">0</text>`,
    `<line class="grid" x1="${PLOT_LEFT}" x2="${WIDTH - PLOT_RIGHT}" y1="${PLOT_TOP}" y2="${PLOT_TOP}"/>`,
    ...bars,
    `<line class="baseline" x1="${PLOT_LEFT}" x2="${WIDTH - PLOT_RIGHT}" y1="${axisY}" y2="${axisY}"/>`,
    ...ticks,
  ])
}

const ROW = 22
const LABEL_WIDTH = 170
const VALUE_WIDTH = 120
const MAX_LABEL = 20

/** Horizontal bars (top categories, booleans): label, bar, count and share of `rows`. */
export function barsSvg(bars: readonly Bar[], rows: number, caption: string): string {
  const peak = Math.max(1, ...bars.map((b) => b.count))
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH
  const height = Math.max(1, bars.length) * ROW + 8
  const items = bars.map((b, i) => {
    const y = 4 + i * ROW
    const w = Math.max(b.count > 0 ? 1.5 : 0, (b.count / peak) * barSpace)
    const short = b.label.length > MAX_LABEL ? `${b.label.slice(0, MAX_LABEL - 1)}…` : b.label
    const share = rows === 0 ? 0 : b.count / rows
    return [
      `<g class="row ${b.tone}"><title>${escapeHtml(`${b.label}: ${formatCount(b.count)} (${formatPercent(share)})`)}</title>`,
      `<text class="label" x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(short)}</text>`,
      `<rect class="bar" x="${LABEL_WIDTH}" y="${y + 3}" width="${fixed(w)}" height="${ROW - 6}" rx="2"/>`,
      `<text class="value" x="${fixed(LABEL_WIDTH + w + 6)}" y="${y + 15}">${formatCount(b.count)} · ${formatPercent(share)}</text></g>`,
    ].join('')
  })
  return svg(WIDTH, height, caption, items)
}

/** The chart of a column with nothing to draw, so every column still has its one SVG. */
export function emptySvg(message: string, caption: string): string {
  return svg(WIDTH, 60, caption, [
    `<text class="empty" x="${WIDTH / 2}" y="34" text-anchor="middle">${escapeHtml(message)}</text>`,
  ])
}

function svg(width: number, height: number, caption: string, body: readonly string[]): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(caption)}">${body.join('')}</svg>`
}

function tick(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end'): string {
  return `<line class="tick" x1="${fixed(x)}" x2="${fixed(x)}" y1="${y}" y2="${y + 4}"/><text class="axis" x="${fixed(x)}" y="${y + 17}" text-anchor="${anchor}">${escapeHtml(text)}</text>`
}

function fixed(n: number): string {
  return String(Math.round(n * 100) / 100)
}
