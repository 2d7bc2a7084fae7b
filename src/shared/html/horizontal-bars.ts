import { escapeHtml } from './html-format.js'
import { CHART_WIDTH, svgChart, svgCoord } from './svg-frame.js'

/** One row of a horizontal bar chart. Strings are plain text (escaped when drawn). */
export interface HorizontalBar {
  /** Shown left of the bar, shortened with `…` past the label room. */
  readonly label: string
  /** The bar's length relative to the largest value; non-finite or negative values draw no bar. */
  readonly value: number
  /** Shown right of the bar: `1,234 · 12%`. */
  readonly text: string
  /** The row's tooltip (the full label, usually, with the value). */
  readonly tip: string
  /** An extra class on the row, for colouring (`muted`, `missing`). */
  readonly tone?: string
}

/** Layout of `horizontalBarsSvg`; defaults fit category names of about 20 characters. */
export interface HorizontalBarsLayout {
  /** Room for the labels, in SVG units (default 170). */
  readonly labelWidth?: number
  /** Room right of the longest bar for its text (default 120). */
  readonly valueWidth?: number
  /** Labels longer than this many characters are shortened (default 20). */
  readonly maxLabel?: number
}

const ROW = 22

/** Rows of label, bar and value text, the longest bar filling the room; each row has a tooltip. */
export function horizontalBarsSvg(
  bars: readonly HorizontalBar[],
  caption: string,
  layout: HorizontalBarsLayout = {},
): string {
  const { labelWidth = 170, valueWidth = 120, maxLabel = 20 } = layout
  const length = (b: HorizontalBar) => (Number.isFinite(b.value) && b.value > 0 ? b.value : 0)
  const peak = Math.max(Number.MIN_VALUE, ...bars.map(length))
  const barSpace = CHART_WIDTH - labelWidth - valueWidth
  const height = Math.max(1, bars.length) * ROW + 8
  const rows = bars.map((b, i) => {
    const y = 4 + i * ROW
    const w = Math.max(length(b) > 0 ? 1.5 : 0, (length(b) / peak) * barSpace)
    const short = b.label.length > maxLabel ? `${b.label.slice(0, maxLabel - 1)}…` : b.label
    return [
      `<g class="row${b.tone ? ` ${b.tone}` : ''}"><title>${escapeHtml(b.tip)}</title>`,
      `<text class="label" x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(short)}</text>`,
      `<rect class="bar" x="${labelWidth}" y="${y + 3}" width="${svgCoord(w)}" height="${ROW - 6}" rx="2"/>`,
      `<text class="value" x="${svgCoord(labelWidth + w + 6)}" y="${y + 15}">${escapeHtml(b.text)}</text></g>`,
    ].join('')
  })
  return svgChart(CHART_WIDTH, height, caption, rows)
}
