import { extname } from 'node:path'
import { closestMatch, invalidValue, ShipyardError } from '../../shared/index.js'
import type { FeedbackLabel } from '../prediction-log/index.js'
import { checkFeedbackItem, FEEDBACK_FIELDS, type FieldFailure } from './feedback-labels.js'

/** The label file formats `shipyard feedback --file` reads. */
export type FeedbackFormat = 'csv' | 'jsonl'

const EXTENSIONS: Readonly<Record<string, FeedbackFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
}

/** A label file's format from its extension: `.csv`, `.jsonl` or `.ndjson`; `INVALID_PARAMETER_VALUE` naming `file` otherwise. */
export function feedbackFormatOf(path: string): FeedbackFormat {
  const format = EXTENSIONS[extname(path).toLowerCase()]
  if (format === undefined) {
    throw invalidValue(
      'file',
      `'${path}' is neither .csv nor .jsonl (request_id,label[,row] rows or one JSON label per line)`,
    )
  }
  return format
}

/** Where a file's text came from (named in errors) and when its labels arrived. */
export interface FeedbackFileOptions {
  readonly source: string
  readonly time: number
}

const PARSERS: Readonly<
  Record<FeedbackFormat, (lines: readonly string[], options: FeedbackFileOptions) => FeedbackLabel[]>
> = {
  csv: csvLabels,
  jsonl: jsonLabels,
}

/**
 * The labels of a label file, in file order (a later label for the same row wins when stored):
 *
 * - CSV: a header naming `request_id` and `label` (and optionally `row`) in any order, then one
 *   label per line. Fields may be double-quoted (doubling the quotes inside) but may not span lines.
 *   A label written as a JSON number (`1`, `0.25`, `-3e2`, not `007`) is that number, any other is text; an empty
 *   `row` is row 0.
 * - JSON lines: one `{"request_id": ..., "label": ...[, "row": ...]}` per line.
 *
 * Blank lines are skipped. Every label is checked before any is returned: a bad one is
 * `INVALID_PARAMETER_VALUE` naming the file, the 1-based line and the field, with `details.line`.
 */
export function parseFeedbackFile(
  text: string,
  format: FeedbackFormat,
  options: FeedbackFileOptions,
): FeedbackLabel[] {
  return PARSERS[format]((text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/), options)
}

function jsonLabels(lines: readonly string[], { source, time }: FeedbackFileOptions): FeedbackLabel[] {
  const labels: FeedbackLabel[] = []
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const fail = lineFailure(source, i + 1)
    let item: unknown
    try {
      item = JSON.parse(line)
    } catch (error) {
      fail('', `is not JSON (${(error as Error).message})`)
    }
    labels.push(checkFeedbackItem(item, time, fail))
  })
  return labels
}

function csvLabels(lines: readonly string[], { source, time }: FeedbackFileOptions): FeedbackLabel[] {
  const first = lines.findIndex((line) => line.trim() !== '')
  if (first < 0) return []
  const header = csvHeader(lines[first]!, lineFailure(source, first + 1))
  const labels: FeedbackLabel[] = []
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue
    const fail = lineFailure(source, i + 1)
    const cells = splitCsvLine(lines[i]!, fail)
    if (cells.length !== header.length) {
      fail('', `has ${cells.length} fields; the header has ${header.length} (${header.join(',')})`)
    }
    const item: Record<string, unknown> = {}
    header.forEach((name, k) => {
      const cell = cells[k]!
      if (name === 'label') item.label = NUMBER.test(cell) ? Number(cell) : cell
      else if (name === 'row') item.row = cell === '' ? undefined : /^\d+$/.test(cell) ? Number(cell) : cell
      else item[name] = cell
    })
    labels.push(checkFeedbackItem(item, time, fail))
  }
  return labels
}

// JSON's number grammar: `007` stays text, as a class named so must.
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/

function csvHeader(line: string, fail: FieldFailure): string[] {
  const names = splitCsvLine(line, fail).map((name) => name.trim())
  for (const name of names) {
    if ((FEEDBACK_FIELDS as readonly string[]).includes(name)) continue
    const near = closestMatch(name, FEEDBACK_FIELDS)
    fail(
      'header',
      `names '${name}'${near ? `; did you mean '${near}'?` : ''}; the header is request_id,label[,row]`,
    )
  }
  for (const needed of ['request_id', 'label']) {
    if (!names.includes(needed)) fail('header', `must name ${needed}; the header is request_id,label[,row]`)
  }
  if (new Set(names).size !== names.length) fail('header', 'names a column twice')
  return names
}

/** The fields of one CSV line (RFC 4180 quoting, within the line). */
function splitCsvLine(line: string, fail: FieldFailure): string[] {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line[i] === '"') {
      let value = ''
      for (i++; ; ) {
        const close = line.indexOf('"', i)
        if (close < 0) fail('', 'has a quoted field that is not closed on its line')
        value += line.slice(i, close)
        i = close + 1
        if (line[i] !== '"') break
        value += '"'
        i++
      }
      if (i < line.length && line[i] !== ',') {
        fail('', 'has text after a closing quote; quote the whole field and double the quotes inside it')
      }
      fields.push(value)
    } else {
      const comma = line.indexOf(',', i)
      const end = comma < 0 ? line.length : comma
      fields.push(line.slice(i, end))
      i = end
    }
    if (i >= line.length) return fields
    i++
  }
}

function lineFailure(source: string, line: number): FieldFailure {
  return (field, message) => {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${source} line ${line}: ${field === '' ? '' : `${field} `}${message}`,
      {
        details: { file: source, line, ...(field === '' ? {} : { field }) },
      },
    )
  }
}
