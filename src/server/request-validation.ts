import { Ajv, type ErrorObject } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import { ShipyardError } from '../shared/index.js'

/** Where a value came from, as Fastify names the parts of a request. */
export type RequestPart = 'body' | 'querystring' | 'params' | 'headers'

/**
 * The validator compiler of the native API, compiled once per route at start-up.
 *
 * Bodies are checked without type coercion (`{"step": "3"}` is refused: JSON has numbers) and
 * nothing is removed from them; query strings and path parameters arrive as text and are coerced
 * (`maxResults=5`). A missing body counts as `{}`, so `POST /runs` alone starts a run. A failure is
 * an `INVALID_PARAMETER_VALUE` naming the field (`metrics[2].value`) and what would be right.
 */
export function nativeValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const options = {
    allErrors: false,
    verbose: true,
    allowUnionTypes: true,
    useDefaults: false,
    removeAdditional: false,
  } as const
  const strict = new Ajv({ ...options, coerceTypes: false })
  const coercing = new Ajv({ ...options, coerceTypes: 'array' })
  return ({ schema, httpPart }) => {
    const isBody = httpPart === 'body'
    const validate = (isBody ? strict : coercing).compile(schema as object)
    const part = (httpPart ?? 'body') as RequestPart
    return (data: unknown) => {
      const value = isBody && data == null ? {} : data
      if (validate(value)) return value === data ? true : { value }
      return { error: schemaViolation(validate.errors ?? [], part) }
    }
  }
}

/**
 * The `INVALID_PARAMETER_VALUE` for Ajv's errors about one part of a request. With `allErrors` off
 * the last error is the outermost failure (an `anyOf` comes after its branches' errors), so it is
 * the one reported.
 */
export function schemaViolation(errors: readonly ErrorObject[], part: RequestPart): ShipyardError {
  const error = errors.at(-1)
  const where = part === 'body' ? 'body' : part === 'querystring' ? 'query parameter' : `${part} value`
  if (error === undefined) {
    return new ShipyardError('INVALID_PARAMETER_VALUE', `the request ${where} does not match its schema`, {
      details: { in: part },
    })
  }
  const { field, reason } = explain(error)
  const named = field === '' ? (part === 'body' ? 'body' : where) : field
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${named}: ${reason}`, {
    details: { field: named, in: part },
  })
}

function explain(error: ErrorObject): { field: string; reason: string } {
  const path = fieldPath(error.instancePath)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { field: join(path, String(params.missingProperty)), reason: 'is required' }
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {})
      const expected = known.length > 0 ? `; expected one of: ${known.join(', ')}` : ''
      return {
        field: join(path, String(params.additionalProperty)),
        reason: `is not a known field${expected}`,
      }
    }
    case 'type':
      return { field: path, reason: `must be ${describeType(params.type)}, got ${describeValue(error.data)}` }
    case 'enum':
      return {
        field: path,
        reason: `${describeValue(error.data)} is not one of ${(params.allowedValues as unknown[]).join(', ')}`,
      }
    case 'anyOf':
    case 'oneOf': {
      const branches = (error.schema as { type?: unknown; enum?: unknown[] }[]).map(describeSchema)
      return { field: path, reason: `must be ${branches.join(', or ')}; got ${describeValue(error.data)}` }
    }
    default:
      return { field: path, reason: error.message ?? 'is not valid' }
  }
}

/** `/metrics/2/value` to `metrics[2].value`, the form the store's own messages use. */
function fieldPath(instancePath: string): string {
  let path = ''
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : join(path, segment)
  }
  return path
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`
}

function describeSchema(schema: { type?: unknown; enum?: unknown[] }): string {
  if (schema.enum) return `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}`
  return describeType(schema.type)
}

function describeType(type: unknown): string {
  const types = Array.isArray(type) ? type : [type]
  return types
    .map((t) => (t === 'null' ? 'null' : `${/^[aeiou]/.test(String(t)) ? 'an' : 'a'} ${t}`))
    .join(' or ')
}

function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  if (typeof value === 'string')
    return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value)
  return String(value)
}
