import { renderTable, type TableColumn } from './table.js'

/**
 * A titled table indented under its title, or `TITLE: none` when there are no rows: the sections
 * of the `show` pages.
 *
 * @example
 * renderSection('params', [{ header: 'KEY' }, { header: 'VALUE' }], [['lr', '0.1']])
 * // 'params:\n  KEY  VALUE\n  lr   0.1\n'
 */
export function renderSection(
  title: string,
  columns: readonly TableColumn[],
  rows: readonly (readonly string[])[],
): string {
  return rows.length === 0 ? `${title}: none\n` : `${title}:\n${indent(renderTable(columns, rows))}`
}

/** Every non-empty line indented by two spaces. */
export function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ')
}

/** A record's entries sorted by key, so that listings read the same on every run. */
export function entriesByKey<T>(record: Readonly<Record<string, T>>): [string, T][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b))
}
