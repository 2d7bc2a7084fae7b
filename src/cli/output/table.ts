/** One column of a table: its header and how its cells line up. */
export interface TableColumn {
  readonly header: string
  /** Default `left`; numbers read best `right`-aligned. */
  readonly align?: 'left' | 'right'
}

/**
 * Renders rows as an aligned plain-text table: a header line, then one line per row, columns
 * separated by two spaces and padded to their widest cell. Trailing spaces are trimmed so that
 * the output diffs and greps cleanly; a row shorter than the columns is padded with empty cells.
 *
 * @example
 * renderTable([{ header: 'KEY' }, { header: 'VALUE', align: 'right' }], [['lr', '0.1']])
 * // 'KEY  VALUE\nlr     0.1\n'
 */
export function renderTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, i) =>
    rows.reduce((width, row) => Math.max(width, displayWidth(row[i] ?? '')), displayWidth(column.header)),
  )
  const line = (cells: readonly string[]) =>
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd()
  return `${[columns.map((c) => c.header), ...rows].map(line).join('\n')}\n`
}

/**
 * Renders `key: value` pairs with the values lined up, one pair per line.
 *
 * @example
 * renderFields([['status', 'FINISHED'], ['run id', 'abc']]) // 'status:  FINISHED\nrun id:  abc\n'
 */
export function renderFields(fields: readonly (readonly [string, string])[]): string {
  const width = fields.reduce((w, [key]) => Math.max(w, displayWidth(key) + 1), 0)
  return `${fields.map(([key, value]) => `${pad(`${key}:`, width, 'left')}  ${value}`.trimEnd()).join('\n')}\n`
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)))
  return align === 'right' ? fill + text : text + fill
}

// Code points, not UTF-16 units, so that an emoji in a run name does not shift its column by one.
function displayWidth(text: string): number {
  let width = 0
  for (const _ of text) width++
  return width
}
