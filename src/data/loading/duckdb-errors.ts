import { notFound, ShipyardError } from '../../shared/index.js'

/** A problem DuckDB found in one line or value, in Shipyard's words. */
export interface ValueProblem {
  readonly column?: string
  readonly value?: string
  /** e.g. `expected 5 columns, found 7`, `'foo' is not a number`. */
  readonly reason: string
}

const COLUMN_COUNT = /Expected Number of Columns: (\d+) Found: (\d+)/
const CONVERSION =
  /converting column "((?:[^"]|"")*)"\. Could not convert string "((?:[^"]|"")*)" to '([^']+)'/

/** The words a reason uses for a DuckDB type a value failed to convert to. */
export function describeDuckType(type: string): string {
  const upper = type.toUpperCase()
  if (/INT|DOUBLE|FLOAT|DECIMAL|NUMERIC|REAL/.test(upper)) return 'a number'
  if (upper === 'BOOLEAN') return 'a boolean (true/false)'
  if (/DATE|TIME/.test(upper)) return 'a date/time'
  return `a ${type}`
}

/** Rewords DuckDB's CSV error text (a reject's message, or the body of a CSV error). */
export function describeCsvProblem(message: string, column?: string | null): ValueProblem {
  const count = COLUMN_COUNT.exec(message)
  if (count) return { reason: `expected ${count[1]} columns, found ${count[2]}` }
  const cast = CONVERSION.exec(message)
  if (cast) {
    const name = cast[1]!.replaceAll('""', '"')
    const value = cast[2]!.replaceAll('""', '"')
    return { column: name, value, reason: `'${value}' is not ${describeDuckType(cast[3]!)}` }
  }
  return { ...(column ? { column } : {}), reason: firstLine(message) }
}

/**
 * A DuckDB error as a ShipyardError whose message names the file, line and column when DuckDB said
 * them: a missing file is `RESOURCE_DOES_NOT_EXIST`; bad JSON, a bad CSV line, a value that does
 * not convert, or bad SQL is `INVALID_PARAMETER_VALUE`; DuckDB's own failures (out of memory,
 * internal errors) are `INTERNAL_ERROR`. `label` names the source when DuckDB names no file.
 * ShipyardErrors pass through unchanged.
 */
export function translateDuckDbError(error: unknown, label: string): ShipyardError {
  if (error instanceof ShipyardError) return error
  const message = error instanceof Error ? error.message : String(error)
  const invalid = (text: string, details: Record<string, unknown>) =>
    new ShipyardError('INVALID_PARAMETER_VALUE', text, { details, cause: error })

  const missing =
    /No files found that match the pattern "([^"]+)"|Cannot open file "([^"]+)": No such file/.exec(message)
  if (missing) return withCause(notFound('file', (missing[1] ?? missing[2])!), error)

  const json =
    /(?:Malformed JSON|JSON transform error) in file "([^"]+)",(?: at byte \d+)? in (?:line|record\/value) (\d+): (.*)/.exec(
      message,
    )
  if (json) {
    const [, file, reported, reason] = json
    const malformed = message.includes('Malformed')
    // DuckDB 1.5 reports a malformed line as the one after it (checked for lines 1 to 199,999;
    // a test pins it); its transform errors count right.
    const line = Number(reported) - (malformed ? 1 : 0)
    const what = malformed ? `malformed JSON (${reason!.trim().replace(/\.$/, '')})` : reason!.trim()
    return invalid(`${file} line ${line}: ${what}`, { file, line })
  }

  const csvLine = /CSV Error on Line: (\d+)/.exec(message)
  if (csvLine) {
    const file = /\n\s*file = (.*)\n/.exec(message)?.[1] ?? label
    const body = message.split('\n').find((l) => COLUMN_COUNT.test(l) || CONVERSION.test(l)) ?? message
    const problem = describeCsvProblem(body)
    const where = problem.column === undefined ? '' : `, column '${problem.column}'`
    return invalid(`${file} line ${csvLine[1]}${where}: ${problem.reason}`, {
      file,
      line: Number(csvLine[1]),
      ...(problem.column === undefined ? {} : { column: problem.column }),
      ...(problem.value === undefined ? {} : { value: problem.value }),
    })
  }

  const parquet =
    /File '([^']+)' too small to be a Parquet file|No magic bytes found at end of file '([^']+)'/.exec(
      message,
    )
  if (parquet) {
    const file = (parquet[1] ?? parquet[2])!
    return invalid(`${file} is not a Parquet file`, { file })
  }

  if (/^(Out of Memory|INTERNAL|FATAL) Error/i.test(message)) {
    return new ShipyardError('INTERNAL_ERROR', `${label}: ${firstLine(message)}`, { cause: error })
  }
  return invalid(`${label}: ${firstLine(message)}`, { source: label })
}

function withCause(error: ShipyardError, cause: unknown): ShipyardError {
  return new ShipyardError(error.code, error.message, { details: { ...error.details }, cause })
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim()
}
