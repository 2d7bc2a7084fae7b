import { readFileSync } from 'node:fs'
import { ShipyardError } from '../../shared/index.js'

/**
 * Reads and parses a JSON file the user named (`--schema`, `--spec`). A file that does not exist is
 * `RESOURCE_DOES_NOT_EXIST` naming it; text that is not JSON is `INVALID_PARAMETER_VALUE` naming the
 * file, line and column of the fault (`schema.json:3:17: not valid JSON: ...`), with `details.file`,
 * `details.line` and `details.column` for machines.
 */
export function readJsonFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new ShipyardError('RESOURCE_DOES_NOT_EXIST', `${path}: no such file`, {
        details: { file: path },
        cause,
      })
    }
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `${path}: cannot read (${(cause as Error).message})`, {
      details: { file: path },
      cause,
    })
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    const reason = (cause as Error).message
    const position = jsonErrorPosition(reason, text)
    const { line, column } = lineAndColumn(text, position)
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${path}:${line}:${column}: not valid JSON (${reason})`,
      {
        details: { file: path, line, column },
        cause,
      },
    )
  }
}

// V8 says "... in JSON at position 42" (sometimes with "(line 3 column 5)" after it) or, for text that
// ends too early, "Unexpected end of JSON input": the fault is then at the end.
function jsonErrorPosition(message: string, text: string): number {
  const match = /at position (\d+)/.exec(message)
  return match ? Number(match[1]) : text.length
}

/** The 1-based line and column of a 0-based offset into `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  const end = Math.min(offset, text.length)
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: end - lineStart + 1 }
}
