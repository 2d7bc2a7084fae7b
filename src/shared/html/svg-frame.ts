import { escapeHtml } from './html-format.js'

/** The width of every report chart, in SVG user units (it scales down with the page). */
export const CHART_WIDTH = 560

/**
 * An inline `<svg class="chart">` of the given size around `body` (already-built SVG markup), labelled
 * for screen readers with `caption` (plain text, escaped here).
 */
export function svgChart(width: number, height: number, caption: string, body: readonly string[]): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(caption)}">${body.join('')}</svg>`
}

/** The chart of something with nothing to draw: a short chart holding `message`, so the layout keeps its slot. */
export function emptySvgChart(message: string, caption: string, width = CHART_WIDTH): string {
  return svgChart(width, 60, caption, [
    `<text class="empty" x="${width / 2}" y="34" text-anchor="middle">${escapeHtml(message)}</text>`,
  ])
}

/**
 * A coordinate as SVG text, to two decimals. Callers pass finite numbers only; a non-finite one is a
 * bug that would silently break the drawing, so it becomes 0 rather than the text `NaN`.
 */
export function svgCoord(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '0'
}

/** A tick mark below a horizontal axis at (`x`, `y`) with its label (plain text). */
export function axisTickSvg(x: number, y: number, text: string, anchor: 'start' | 'middle' | 'end'): string {
  const cx = svgCoord(x)
  return `<line class="tick" x1="${cx}" x2="${cx}" y1="${svgCoord(y)}" y2="${svgCoord(y + 4)}"/><text class="axis" x="${cx}" y="${svgCoord(y + 17)}" text-anchor="${anchor}">${escapeHtml(text)}</text>`
}
