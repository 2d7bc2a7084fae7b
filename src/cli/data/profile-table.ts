import type { ColumnProfile, DatasetProfile, TopValue } from '../../data/index.js'
import { formatNumber } from '../output/format.js'
import { renderTable } from '../output/table.js'

/** Top values shown per categorical or text column under the table (the JSON output has all kept). */
const TOP_SHOWN = 5

/**
 * A profile for people: one table row per column (type, count, missing, distinct, mean, std, min,
 * p50, max; `-` where a statistic does not apply or there is no value; the mean of a boolean column is
 * its share of true), then, per categorical and text column, its most frequent values with their
 * share of rows. Datetimes show as ISO 8601 in UTC.
 */
export function renderProfileTable(profile: DatasetProfile): string {
  const table = renderTable(
    [
      { header: 'COLUMN' },
      { header: 'TYPE' },
      { header: 'COUNT', align: 'right' },
      { header: 'MISSING', align: 'right' },
      { header: 'DISTINCT', align: 'right' },
      { header: 'MEAN', align: 'right' },
      { header: 'STD', align: 'right' },
      { header: 'MIN', align: 'right' },
      { header: 'P50', align: 'right' },
      { header: 'MAX', align: 'right' },
    ],
    profile.columns.map((column) => [
      column.name,
      column.type,
      String(column.count),
      String(column.missing),
      String(column.distinct),
      ...statistics(column),
    ]),
  )
  const tops = profile.columns.flatMap((column) =>
    column.type === 'categorical' || column.type === 'text'
      ? [topLine(column.name, column.top, column.other)]
      : [],
  )
  return tops.length === 0 ? table : `${table}\nTop values:\n${tops.join('\n')}\n`
}

// mean, std, min, p50, max
function statistics(column: ColumnProfile): string[] {
  switch (column.type) {
    case 'numeric':
      return [column.mean, column.std, column.min, column.quantiles?.p50 ?? null, column.max].map(number)
    case 'datetime':
      return ['-', '-', ...[column.min, column.quantiles?.p50 ?? null, column.max].map(time)]
    case 'boolean': {
      const present = column.trueCount + column.falseCount
      return [present === 0 ? '-' : formatNumber(column.trueCount / present), '-', '-', '-', '-']
    }
    case 'categorical':
    case 'text':
      return ['-', '-', '-', '-', '-']
  }
}

function topLine(name: string, top: readonly TopValue[], other: { count: number; distinct: number }): string {
  const shown = top.slice(0, TOP_SHOWN).map((t) => `${JSON.stringify(t.value)} ${percent(t.frequency)}`)
  const rest = top.length - shown.length + other.distinct
  return `  ${name}: ${shown.join(', ') || '(no values)'}${rest > 0 ? `, ... ${rest} more` : ''}`
}

function number(value: number | null): string {
  return value === null ? '-' : formatNumber(value)
}

/** An epoch-ms instant as compact ISO 8601 in UTC: milliseconds only when there are some. */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso
}

function time(value: number | null): string {
  return value === null ? '-' : formatInstant(value)
}

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`
}
