import { badRequest } from './row-batch.js'

// The rest of an unquoted field: quotes inside one are plain text, as pandas reads them.
const PLAIN = /[^,\r\n]+/y

/** One CSV record: its fields and the line it starts on (1-based), for messages. */
export interface CsvRecord {
  readonly fields: readonly string[]
  readonly line: number
}

/**
 * The records of a CSV text (RFC 4180): comma-separated fields, double-quoted when they hold commas,
 * quotes (doubled) or line breaks; LF or CRLF line ends; a leading BOM and blank lines are skipped, as
 * pandas skips them. `BAD_REQUEST` naming the line for a quote left open or text after a closing quote.
 */
export function csvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRecord = () => {
    fields.push(field)
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine })
    fields = []
    field = ''
  }
  while (i < text.length) {
    const c = text[i]!
    if (c === '"' && field === '') {
      const start = line
      let closed = false
      for (i++; i < text.length; i++) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i++
          } else {
            closed = true
            i++
            break
          }
        } else {
          if (text[i] === '\n') line++
          field += text[i]
        }
      }
      if (!closed)
        throw badRequest(`line ${start}: a quoted field is never closed`, { field: 'body', line: start })
      const next = text[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw badRequest(
          `line ${line}: text after a closing quote; quote the whole field and double the quotes inside it`,
          {
            field: 'body',
            line,
          },
        )
      }
    } else if (c === ',') {
      fields.push(field)
      field = ''
      i++
    } else if (c === '\n' || c === '\r') {
      endRecord()
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else {
      PLAIN.lastIndex = i
      PLAIN.test(text)
      field += text.slice(i, PLAIN.lastIndex)
      i = PLAIN.lastIndex
    }
  }
  if (field !== '' || fields.length > 0) endRecord()
  return records
}
