import { escapeHtml, formatNumber } from './html-format.js'
import { CHART_WIDTH, svgCoord } from './svg-frame.js'

/** A linear axis: its domain, tick values inside it and its title (plain text). */
export interface Axis {
  readonly title: string
  readonly min: number
  readonly max: number
  readonly ticks: readonly number[]
}

/** Options of `numericAxis`. */
export interface AxisOptions {
  /** Stretch the domain to include 0 (bar heights, counts). Default false. */
  readonly includeZero?: boolean
  /** Only whole-number ticks (iterations). Default false. */
  readonly integer?: boolean
  /** About how many ticks (default 5). */
  readonly ticks?: number
}

/**
 * Round tick values (1, 2 or 5 × 10^k apart) covering [min, max], about `count` of them. Empty when
 * either bound is not finite; `[min]` when the bounds are equal.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return []
  if (min === max) return [min]
  return ticksEvery(niceStep((max - min) / Math.max(1, count)), min, max)
}

/**
 * An axis over the finite values of `series` (NaN and ±Infinity are ignored), its domain widened to
 * round ticks. No finite value gives the domain [0, 1]; a single value a unit-wide domain around it.
 */
export function numericAxis(
  title: string,
  series: readonly ArrayLike<number>[],
  options: AxisOptions = {},
): Axis {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const values of series) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!
      if (Number.isFinite(v)) {
        if (v < lo) lo = v
        if (v > hi) hi = v
      }
    }
  }
  if (lo > hi) return fixedAxis(title, 0, 1)
  if (options.includeZero) {
    lo = Math.min(lo, 0)
    hi = Math.max(hi, 0)
  }
  if (lo === hi) {
    const half = lo === 0 ? 0.5 : Math.abs(lo) * 0.05
    lo -= half
    hi += half
  }
  const count = options.ticks ?? 5
  const step = Math.max(niceStep((hi - lo) / count), options.integer ? 1 : 0)
  const min = tidy(Math.floor(lo / step) * step)
  const max = tidy(Math.ceil(hi / step) * step)
  return { title, min, max, ticks: ticksEvery(step, min, max) }
}

/** An axis over a known domain (probabilities and rates: 0 to 1), ticks every fifth. */
export function fixedAxis(title: string, min: number, max: number): Axis {
  return { title, min, max, ticks: niceTicks(min, max, 5) }
}

/** Where a plot's data area sits inside its chart and how values map to SVG coordinates. */
export interface PlotArea {
  readonly width: number
  readonly height: number
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
  /** Maps an x value to its horizontal coordinate (y values to vertical, growing upwards). */
  readonly x: (value: number) => number
  readonly y: (value: number) => number
}

const MARGIN = { top: 14, right: 18, bottom: 46, left: 62 } as const

/** The data area of a `width` × `height` chart, leaving the margins for tick labels and axis titles. */
export function plotArea(xAxis: Axis, yAxis: Axis, height = 320, width = CHART_WIDTH): PlotArea {
  const left = MARGIN.left
  const right = width - MARGIN.right
  const top = MARGIN.top
  const bottom = height - MARGIN.bottom
  const xSpan = xAxis.max - xAxis.min || 1
  const ySpan = yAxis.max - yAxis.min || 1
  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    x: (v) => left + ((v - xAxis.min) / xSpan) * (right - left),
    y: (v) => bottom - ((v - yAxis.min) / ySpan) * (bottom - top),
  }
}

/**
 * Grid lines, the two axis lines, tick marks with labels (four significant digits) and both axis
 * titles of a plot, drawn beneath the data.
 */
export function axesSvg(area: PlotArea, xAxis: Axis, yAxis: Axis): string {
  const out: string[] = []
  for (const t of yAxis.ticks) {
    const y = svgCoord(area.y(t))
    out.push(
      `<line class="grid" x1="${area.left}" x2="${area.right}" y1="${y}" y2="${y}"/>`,
      `<text class="axis" x="${area.left - 7}" y="${svgCoord(area.y(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`,
    )
  }
  for (const t of xAxis.ticks) {
    const x = svgCoord(area.x(t))
    out.push(
      `<line class="tick" x1="${x}" x2="${x}" y1="${area.bottom}" y2="${area.bottom + 4}"/>`,
      `<text class="axis" x="${x}" y="${area.bottom + 17}" text-anchor="middle">${tickLabel(t)}</text>`,
    )
  }
  const midX = svgCoord((area.left + area.right) / 2)
  const midY = svgCoord((area.top + area.bottom) / 2)
  out.push(
    `<line class="baseline" x1="${area.left}" x2="${area.right}" y1="${area.bottom}" y2="${area.bottom}"/>`,
    `<line class="baseline" x1="${area.left}" x2="${area.left}" y1="${area.top}" y2="${area.bottom}"/>`,
    `<text class="axis-title" x="${midX}" y="${area.height - 8}" text-anchor="middle">${escapeHtml(xAxis.title)}</text>`,
    `<text class="axis-title" transform="translate(14 ${midY}) rotate(-90)" text-anchor="middle">${escapeHtml(yAxis.title)}</text>`,
  )
  return out.join('')
}

/** One legend entry: its text and the classes of the sample line or swatch drawn before it. */
export interface LegendItem {
  readonly label: string
  readonly className: string
  /** A filled square (bars, points) instead of a line sample. Default false. */
  readonly swatch?: boolean
}

/** A boxed legend in one corner of the plot area, one entry per line. */
export function legendSvg(
  area: PlotArea,
  items: readonly LegendItem[],
  corner: 'top-left' | 'top-right' | 'bottom-right' = 'top-right',
): string {
  // Text is measured by character count: close enough for an 11px system font and no layout engine.
  const width = 34 + 6.2 * Math.max(...items.map((i) => i.label.length))
  const height = 8 + 17 * items.length
  const x = corner === 'top-left' ? area.left + 10 : area.right - 10 - width
  const y = corner === 'bottom-right' ? area.bottom - 10 - height : area.top + 8
  const rows = items.map((item, i) => {
    const cy = y + 12 + 17 * i
    const sample = item.swatch
      ? `<rect class="${item.className}" x="${svgCoord(x + 8)}" y="${svgCoord(cy - 5)}" width="16" height="10"/>`
      : `<line class="${item.className}" x1="${svgCoord(x + 6)}" x2="${svgCoord(x + 26)}" y1="${svgCoord(cy)}" y2="${svgCoord(cy)}"/>`
    return `${sample}<text class="legend" x="${svgCoord(x + 32)}" y="${svgCoord(cy + 4)}">${escapeHtml(item.label)}</text>`
  })
  return `<g class="legend-group"><rect class="legend-box" x="${svgCoord(x)}" y="${svgCoord(y)}" width="${svgCoord(width)}" height="${height}" rx="4"/>${rows.join('')}</g>`
}

function ticksEvery(step: number, min: number, max: number): number[] {
  const ticks: number[] = []
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    ticks.push(tidy(k * step))
  }
  return ticks
}

/** Drops the float noise of multiplying by a step (0.30000000000000004). */
function tidy(value: number): number {
  return Number(value.toPrecision(12))
}

function niceStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const f = raw / magnitude
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * magnitude
}

function tickLabel(value: number): string {
  return formatNumber(value, 4)
}
