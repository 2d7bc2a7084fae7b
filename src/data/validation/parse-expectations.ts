import { invalidValue, ShipyardError } from '../../shared/index.js'
import { EXPECTATION_KINDS, type Expectation, type ExpectationKind } from './expectation.js'
import { EXPECTATION_CHECKS } from './expectation-checks.js'
import { describeJson, FieldReader } from './field-reader.js'

/**
 * Reads expectations from parsed JSON: either `{"expectations": [...]}` (the schema file the CLI reads)
 * or the bare array. Each entry is `{"kind": ..., ...fields}`; unknown kinds and unknown fields are
 * errors, so a typo never silently weakens a check.
 *
 * Throws `INVALID_PARAMETER_VALUE` naming the entry and field (`expectations[3].max: must be a number`),
 * prefixed with `source` (the file) when given; `details.field` holds the path.
 *
 * @example parseExpectations(JSON.parse(await readFile('schema.json', 'utf8')), { source: 'schema.json' })
 */
export function parseExpectations(json: unknown, options: { readonly source?: string } = {}): Expectation[] {
  try {
    return entriesOf(json).map((entry, i) => parseEntry(entry, `expectations[${i}]`))
  } catch (error) {
    if (options.source === undefined || !(error instanceof ShipyardError)) throw error
    throw new ShipyardError(error.code, `${options.source}: ${error.message}`, {
      details: { ...error.details, source: options.source },
      cause: error,
    })
  }
}

function entriesOf(json: unknown): readonly unknown[] {
  if (Array.isArray(json)) return json
  if (typeof json !== 'object' || json === null) {
    throw invalidValue(
      'expectations',
      `the file must hold {"expectations": [...]}, not ${describeJson(json)}`,
    )
  }
  const { expectations, ...rest } = json as { expectations?: unknown }
  if (!Array.isArray(expectations)) {
    throw invalidValue('expectations', `must be an array, not ${describeJson(expectations)}`)
  }
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined) throw invalidValue(unknown, 'unknown field; the file holds only "expectations"')
  return expectations
}

function parseEntry(entry: unknown, path: string): Expectation {
  const fields = new FieldReader(entry, path)
  const kind = fields.string('kind')
  if (!isKind(kind)) {
    throw invalidValue(fields.field('kind'), `must be one of ${EXPECTATION_KINDS.join(', ')}, not "${kind}"`)
  }
  const expectation = EXPECTATION_CHECKS[kind].parse(fields)
  fields.finish()
  return expectation
}

function isKind(kind: string): kind is ExpectationKind {
  return (EXPECTATION_KINDS as readonly string[]).includes(kind)
}
