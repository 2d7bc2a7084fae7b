import { COLUMN_TYPES } from '../data/index.js'
import { ShipyardError } from '../shared/index.js'
import type { FittedPipeline, PipelineSpec } from './pipeline.js'
import { describe, SpecReader } from './spec-reader.js'
import type { StepSpec, StepType } from './step-spec.js'
import { STEP_SPEC_PARSERS } from './steps/index.js'

/**
 * Reads one step spec from JSON, validating every field: `INVALID_PARAMETER_VALUE` whose message names the
 * place and the field (`steps[2].columns: column 'age' is listed twice`), for an unknown `type` (listing
 * the types), a missing or ill-typed field, or a field the step does not know.
 */
export function parseStepSpec(json: unknown, path = 'step'): StepSpec {
  const r = new SpecReader(path, json)
  const type = r.raw('type')
  if (typeof type !== 'string' || !Object.hasOwn(STEP_SPEC_PARSERS, type)) {
    const types = Object.keys(STEP_SPEC_PARSERS)
      .map((t) => `'${t}'`)
      .join(', ')
    throw r.error('type', `must be one of ${types}, got ${describe(type)}`)
  }
  const spec = STEP_SPEC_PARSERS[type as StepType](r)
  r.finish()
  return spec
}

/**
 * Reads a pipeline spec `{ "steps": [...], "output"?: [...] }` from JSON text or a parsed value, with
 * the messages of `parseStepSpec` (steps are named `steps[i]`). Column existence and types are checked
 * when the pipeline is fitted, against the data.
 */
export function parsePipelineSpec(json: unknown): PipelineSpec {
  const r = new SpecReader('', typeof json === 'string' ? parseJson(json, 'pipeline spec') : json)
  const steps = r.raw('steps')
  if (!Array.isArray(steps)) throw r.error('steps', `must be an array of step specs, got ${describe(steps)}`)
  const parsed = steps.map((step, i) => parseStepSpec(step, `steps[${i}]`))
  const output = r.raw('output') === undefined ? undefined : r.columns('output')
  r.finish()
  return output === undefined ? { steps: parsed } : { steps: parsed, output }
}

/**
 * Reads a fitted pipeline saved as JSON (text or parsed): checks the format and version, the inputs and
 * feature names, and re-validates every step spec. Statistics are taken as saved.
 */
export function parseFittedPipeline(json: unknown): FittedPipeline {
  const r = new SpecReader('', typeof json === 'string' ? parseJson(json, 'fitted pipeline') : json)
  if (r.raw('format') !== 'shipyard.feature-pipeline') {
    throw r.error('format', `must be 'shipyard.feature-pipeline', got ${describe(r.raw('format'))}`)
  }
  if (r.raw('version') !== 1)
    throw r.error('version', `must be 1 (this release), got ${describe(r.raw('version'))}`)
  const spec = parsePipelineSpec(r.raw('spec'))
  const steps = r.raw('steps')
  if (!Array.isArray(steps) || steps.length !== spec.steps.length) {
    throw r.error('steps', `must hold one fitted step per spec step (${spec.steps.length})`)
  }
  const fitted = steps.map((step: unknown, i) => {
    const s = new SpecReader(`steps[${i}]`, step)
    return { ...(step as object), spec: parseStepSpec(s.raw('spec'), `steps[${i}].spec`) } as {
      spec: StepSpec
    }
  })
  const inputs = r.raw('inputs')
  const types: readonly unknown[] = COLUMN_TYPES
  if (
    !Array.isArray(inputs) ||
    !inputs.every((i) => typeof i?.name === 'string' && types.includes(i?.type))
  ) {
    throw r.error('inputs', `must be an array of { name, type } with type one of ${COLUMN_TYPES.join(', ')}`)
  }
  const featureNames = r.columns('featureNames')
  const target = r.raw('target')
  if (target !== null && typeof target !== 'string') throw r.error('target', 'must be a column name or null')
  const seed = r.number('seed', { integer: true })
  r.finish()
  return {
    format: 'shipyard.feature-pipeline',
    version: 1,
    spec,
    target,
    seed,
    inputs,
    steps: fitted,
    featureNames,
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `the ${what} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    )
  }
}
