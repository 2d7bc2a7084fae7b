/** Text helpers for HTML reports: escaping and compact number, percentage and instant formatting. */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes a user string (column or feature name, category, title) for HTML text and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** A count with thousands separators: `1,234,567`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/**
 * A statistic to `digits` significant digits (default 5) with thousands separators (`52,013`,
 * `0.0123`), exponent notation beyond 1e9 or under 1e-4; integers in full; null as an em dash.
 */
export function formatNumber(value: number | null, digits = 5): string {
  if (value === null) return '—'
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return formatCount(value)
  const magnitude = Math.abs(value)
  if (magnitude >= 1e9 || magnitude < 1e-4) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e')
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 20 })
}

/** A fraction as a percentage: `12.5%`, `0.04%`, `0%`. */
export function formatPercent(fraction: number): string {
  if (fraction === 0) return '0%'
  const p = fraction * 100
  return `${p < 0.01 ? '<0.01' : String(Number(p.toPrecision(p < 1 ? 2 : 3)))}%`
}

/**
 * An epoch-ms instant in UTC: the date alone at midnight; otherwise to the minute, or in full ISO
 * (milliseconds) when `precise`. Null as an em dash.
 */
export function formatInstant(ms: number | null, precise = false): string {
  if (ms === null) return '—'
  if (!Number.isFinite(ms)) return String(ms)
  const iso = new Date(ms).toISOString()
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10)
  return precise ? iso.replace('T', ' ') : `${iso.slice(0, 16).replace('T', ' ')}Z`
}

/** Axis labels for instants: dates alone when the span is over two days, else to the minute. */
export function instantAxisLabel(span: number): (ms: number) => string {
  return span > 2 * 864e5 ? (ms) => new Date(ms).toISOString().slice(0, 10) : (ms) => formatInstant(ms)
}
