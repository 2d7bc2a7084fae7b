import type { ModelSignature } from '../models/index.js'
import { invalidValue } from '../shared/index.js'
import { LIMITS, validateKey } from '../tracking/index.js'
import type { ModelLineage } from './types.js'

/** MLflow's limits for the registry: name 256 characters, alias 255, description 5000 (its SQL columns). */
export const REGISTRY_LIMITS = {
  nameLength: 256,
  aliasLength: 255,
  descriptionLength: 5000,
} as const

const ALIAS = /^[A-Za-z0-9_-]+$/
const VERSION_ALIAS = /^v\d+$/i

/**
 * A registered model's name (MLflow's rules): non-empty, at most 256 characters, no `/` (it would
 * break `models:/<name>/<version>` URIs), no leading or trailing whitespace.
 */
export function validateModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.length === 0) throw invalidValue(field, 'must be a non-empty string')
  if (name.length > REGISTRY_LIMITS.nameLength) {
    throw invalidValue(
      field,
      `'${name.slice(0, 40)}…' is ${name.length} characters; the limit is ${REGISTRY_LIMITS.nameLength}`,
    )
  }
  if (name.includes('/')) throw invalidValue(field, `'${name}' must not contain '/'`)
  if (name.trim() !== name) throw invalidValue(field, `'${name}' must not start or end with whitespace`)
  return name
}

/**
 * An alias to set (MLflow's rules): letters, digits, `_` and `-`, 1 to 255 characters, not `latest`
 * and not `v<N>` (those name versions). Returned lower-case: aliases are not case-sensitive.
 */
export function validateAlias(alias: unknown, field = 'alias'): string {
  if (typeof alias !== 'string' || alias.length === 0) throw invalidValue(field, 'must be a non-empty string')
  if (alias.length > REGISTRY_LIMITS.aliasLength) {
    throw invalidValue(field, `is ${alias.length} characters; the limit is ${REGISTRY_LIMITS.aliasLength}`)
  }
  if (!ALIAS.test(alias)) {
    throw invalidValue(field, `'${alias}' may hold only letters, digits, '_' and '-'`)
  }
  const lower = alias.toLowerCase()
  if (lower === 'latest' || VERSION_ALIAS.test(lower)) {
    throw invalidValue(
      field,
      `'${alias}' is reserved: 'latest' and 'v<number>' name versions; pick another alias`,
    )
  }
  return lower
}

/** A version number: a positive safe integer. */
export function validateVersion(version: unknown, field = 'version'): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw invalidValue(field, `must be a positive integer, got ${String(version)}`)
  }
  return version
}

export function validateDescription(description: unknown, field = 'description'): string {
  if (typeof description !== 'string') throw invalidValue(field, 'must be a string')
  if (description.length > REGISTRY_LIMITS.descriptionLength) {
    throw invalidValue(
      field,
      `is ${description.length} characters; the limit is ${REGISTRY_LIMITS.descriptionLength}`,
    )
  }
  return description
}

/** A tag (MLflow's limits: key as a run tag's, value at most 5000 characters). */
export function validateTag(key: unknown, value: unknown, field = 'tags'): { key: string; value: string } {
  const checkedKey = validateKey(`${field}.key`, key)
  if (typeof value !== 'string') throw invalidValue(`${field}.${checkedKey}`, 'must be a string')
  if (value.length > LIMITS.tagValueLength) {
    throw invalidValue(
      `${field}.${checkedKey}`,
      `is ${value.length} characters; the limit is ${LIMITS.tagValueLength}`,
    )
  }
  return { key: checkedKey, value }
}

/** Every tag of a record, checked. */
export function validateTags(
  tags: Readonly<Record<string, string>> | undefined,
): { key: string; value: string }[] {
  if (tags === undefined) return []
  if (typeof tags !== 'object' || tags === null) throw invalidValue('tags', 'must be an object')
  return Object.entries(tags).map(([key, value]) => validateTag(key, value))
}

/** Metrics of a version: keys as run metric keys, values numbers. */
export function validateMetrics(
  metrics: Readonly<Record<string, number>> | undefined,
): Readonly<Record<string, number>> {
  if (metrics === undefined) return {}
  if (typeof metrics !== 'object' || metrics === null) throw invalidValue('metrics', 'must be an object')
  for (const [key, value] of Object.entries(metrics)) {
    validateKey('metrics.key', key)
    if (typeof value !== 'number')
      throw invalidValue(`metrics.${key}`, `must be a number, got ${typeof value}`)
  }
  return metrics
}

/** The ONNX bytes, signature and lineage of a new version: present and of the right shape. */
export function validateVersionParts(input: {
  readonly onnx: unknown
  readonly signature: unknown
  readonly lineage: unknown
}): void {
  if (!(input.onnx instanceof Uint8Array) || input.onnx.byteLength === 0) {
    throw invalidValue('onnx', 'must be the non-empty bytes of an ONNX model')
  }
  const signature = input.signature as Partial<ModelSignature> | null
  if (
    typeof signature !== 'object' ||
    signature === null ||
    signature.format !== 'shipyard.signature' ||
    !Array.isArray(signature.inputs) ||
    !Array.isArray(signature.outputs)
  ) {
    throw invalidValue(
      'signature',
      "must be a model signature ({ format: 'shipyard.signature', inputs, outputs, ... })",
    )
  }
  const lineage = input.lineage as Partial<ModelLineage> | null
  if (typeof lineage !== 'object' || lineage === null) throw invalidValue('lineage', 'must be an object')
  if (typeof lineage.source !== 'string' || lineage.source === '') {
    throw invalidValue(
      'lineage.source',
      'must say where the model came from (runs:/<id>/model, a file path...)',
    )
  }
  for (const field of ['runId', 'gitCommit', 'trainingProfile'] as const) {
    const value = lineage[field]
    if (value !== null && typeof value !== 'string')
      throw invalidValue(`lineage.${field}`, 'must be a string or null')
  }
  for (const field of ['datasetFingerprints', 'params'] as const) {
    const value = lineage[field]
    if (
      typeof value !== 'object' ||
      value === null ||
      Object.values(value).some((v) => typeof v !== 'string')
    ) {
      throw invalidValue(`lineage.${field}`, 'must be an object of strings')
    }
  }
}
