import { Ajv, type ErrorObject } from 'ajv'
import type { FastifySchemaCompiler } from 'fastify'
import type { ShipyardError } from '../../shared/index.js'
import { invalidWireValue, missingWireValue } from './wire-mapping.js'

/**
 * The validator compiler of the MLflow routes, set on their plugin so that it does not depend on how
 * the host server configured Ajv.
 *
 * Bodies are checked without type coercion: protobuf JSON refuses `{"name": 5}` and so do we (int64
 * and double fields accept strings through their schemas instead). Query strings arrive as text, so
 * they are coerced (`max_results=5`, a single `order_by` to a list). A missing or `null` body counts
 * as `{}`, as in MLflow's server. A failure becomes MLflow's `INVALID_PARAMETER_VALUE`, naming the
 * field as MLflow does (`metrics[2].value`) and quoting the schema's `description`.
 */
export function mlflowValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const options = { allErrors: false, verbose: true, allowUnionTypes: true } as const
  const strict = new Ajv({ ...options, coerceTypes: false })
  const coercing = new Ajv({ ...options, coerceTypes: 'array' })
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? strict : coercing).compile(schema as object)
    const isBody = httpPart === 'body'
    return (data: unknown) => {
      const value = isBody && data == null ? {} : data
      if (validate(value)) return isBody && value !== data ? { value } : true
      return { error: toWireError(validate.errors?.[0]) }
    }
  }
}

function toWireError(error: ErrorObject | undefined): ShipyardError {
  if (error === undefined) return invalidWireValue('body', undefined, 'the request does not match its schema')
  const path = fieldPath(error.instancePath)
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty: string }).missingProperty
    return missingWireValue(path === '' ? missing : `${path}.${missing}`)
  }
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description
  const reason = typeof description === 'string' ? description : (error.message ?? 'is not valid')
  return invalidWireValue(path === '' ? 'body' : path, error.data, reason)
}

/** `/metrics/2/value` to MLflow's `metrics[2].value`. */
function fieldPath(instancePath: string): string {
  let path = ''
  for (const raw of instancePath.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`
  }
  return path
}
