import { readFileSync } from 'node:fs'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { ShipyardError } from './errors.js'

/**
 * Reads a YAML (or JSON, which YAML reads too) settings file and returns what `parse` makes of its
 * content; an empty file is `null` to `parse`.
 *
 * Every error names the file, so one message is enough to fix it:
 * - `RESOURCE_DOES_NOT_EXIST`, `<path>: cannot read <what> (<reason>)`, for a file it cannot read;
 * - `INVALID_PARAMETER_VALUE`, `<path>:<line>:<column>: not valid YAML (...)`, for bad YAML;
 * - a `ShipyardError` from `parse` comes back with `<path>: ` before its message and `file` in its
 *   details (its code and other details kept, the original as `cause`); other errors pass through.
 *
 * @example readConfigFile('serving.yaml', 'the serving config', parseServingConfig)
 */
export function readConfigFile<T>(path: string, what: string, parse: (content: unknown) => T): T {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new ShipyardError(
      'RESOURCE_DOES_NOT_EXIST',
      `${path}: cannot read ${what} (${(cause as Error).message})`,
      {
        details: { file: path },
        cause,
      },
    )
  }
  try {
    return parse(parseYaml(text))
  } catch (cause) {
    throw inFile(path, cause)
  }
}

// The file's name goes in front of the message; a YAML error also says where in the file.
function inFile(path: string, cause: unknown): unknown {
  if (cause instanceof YAMLParseError) {
    const [line, column] = cause.linePos?.[0] ? [cause.linePos[0].line, cause.linePos[0].col] : [1, 1]
    return new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${path}:${line}:${column}: not valid YAML (${cause.message.split('\n')[0]})`,
      { details: { file: path, line, column }, cause },
    )
  }
  if (!(cause instanceof ShipyardError)) return cause
  return new ShipyardError(cause.code, `${path}: ${cause.message}`, {
    details: { ...cause.details, file: path },
    cause,
  })
}
