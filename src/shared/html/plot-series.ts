import { escapeHtml } from './html-format.js'
import type { PlotArea } from './plot-axes.js'
import { svgCoord } from './svg-frame.js'

/**
 * A data series as one SVG `<path>`: points in order, the line broken wherever x or y is not finite
 * (so NaN never reaches the path data), and consecutive points closer than half a unit merged, so
 * 100,000 ROC thresholds or boosting rounds draw as a few hundred segments. Pairs up to the shorter
 * array. Empty string when no point is drawable. `tip` (plain text) becomes the `<title>` tooltip.
 */
export function linePathSvg(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  area: PlotArea,
  className: string,
  tip?: string,
): string {
  const n = Math.min(xs.length, ys.length)
  const d: string[] = []
  let penDown = false
  let lastX = Number.NaN
  let lastY = Number.NaN
  for (let i = 0; i < n; i++) {
    const x = area.x(xs[i]!)
    const y = area.y(ys[i]!)
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      penDown = false
      continue
    }
    const isLast = i === n - 1
    if (penDown && !isLast && Math.abs(x - lastX) < 0.5 && Math.abs(y - lastY) < 0.5) continue
    d.push(`${penDown ? 'L' : 'M'}${svgCoord(x)} ${svgCoord(y)}`)
    penDown = true
    lastX = x
    lastY = y
  }
  if (d.length === 0) return ''
  const title = tip === undefined ? '' : `<title>${escapeHtml(tip)}</title>`
  return `<path class="${className}" d="${d.join('')}">${title}</path>`
}

/** A straight line between two data points (a diagonal, a marker), skipped if any value is not finite. */
export function segmentSvg(
  area: PlotArea,
  from: readonly [number, number],
  to: readonly [number, number],
  className: string,
  tip?: string,
): string {
  return linePathSvg([from[0], to[0]], [from[1], to[1]], area, className, tip)
}

/**
 * A scatter of circles of radius `r` in one `<g>`, non-finite pairs skipped; no per-point tooltip, so
 * thousands of points stay cheap.
 */
export function pointsSvg(
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  area: PlotArea,
  className: string,
  r = 2.5,
): string {
  const n = Math.min(xs.length, ys.length)
  const circles: string[] = []
  for (let i = 0; i < n; i++) {
    const x = area.x(xs[i]!)
    const y = area.y(ys[i]!)
    if (Number.isFinite(x) && Number.isFinite(y))
      circles.push(`<circle cx="${svgCoord(x)}" cy="${svgCoord(y)}" r="${r}"/>`)
  }
  return `<g class="${className}">${circles.join('')}</g>`
}
