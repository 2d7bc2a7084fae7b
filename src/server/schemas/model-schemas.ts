import { REGISTRY_LIMITS } from '../../registry/index.js'
import { epochMillisSchema, pageSchema, pageTokenSchema, stringMapSchema } from './common-schemas.js'
import { strictObject } from './json-schema.js'
import { metricValueSchema } from './metric-schemas.js'

/**
 * A description to write. Its limit is checked here too, so that a PATCH that also renames cannot
 * fail half-way over a description the registry would refuse.
 */
const descriptionSchema = { type: 'string', maxLength: REGISTRY_LIMITS.descriptionLength } as const

/** A registered model's name in a path. */
const modelNameSchema = { type: 'string', description: 'The registered model’s name (URL-encoded).' } as const

/** A version number: 1, 2, 3... */
const versionNumberSchema = {
  type: 'integer',
  minimum: 1,
  description: 'A version number: 1, 2, 3...',
} as const

/** Final metrics by name; NaN and the infinities as their strings. */
const metricMapSchema = {
  type: 'object',
  description: 'Metric name → value (the source run’s final metrics, or given at import).',
  additionalProperties: metricValueSchema,
} as const

/** Registry page sizes: the port's default and limit. */
const registryMaxResultsSchema = {
  type: 'integer',
  minimum: 1,
  maximum: 1000,
  description: 'Page size. Default 100; at most 1000.',
} as const

/** A registered model, as `RegisteredModel` in src/registry/types.ts. */
export const registeredModelSchema = strictObject(
  {
    name: { type: 'string' },
    description: { type: 'string' },
    tags: stringMapSchema,
    creationTime: epochMillisSchema,
    lastUpdatedTime: epochMillisSchema,
    latestVersion: {
      type: ['integer', 'null'],
      description: 'The highest version number; null before the first version.',
    },
    aliases: {
      type: 'object',
      description: 'Alias → the version it points at now.',
      additionalProperties: { type: 'integer' },
    },
  },
  { description: 'A registered model: a name with versions and aliases.' },
)

/** A page of registered models, by name. */
export const registeredModelPageSchema = pageSchema(
  registeredModelSchema,
  'A page of registered models, by name.',
)

/** Where a version came from, as `ModelLineage` in src/registry/types.ts. */
export const modelLineageSchema = strictObject(
  {
    runId: { type: ['string', 'null'], description: 'The tracking run that trained it; null when imported.' },
    datasetFingerprints: {
      ...stringMapSchema,
      description: 'Dataset role (train, valid, test) → fingerprint.',
    },
    params: { ...stringMapSchema, description: "The run's params." },
    gitCommit: { type: ['string', 'null'] },
    trainingProfile: {
      type: ['string', 'null'],
      description: 'The run artifact holding the training-data profile (the drift reference).',
    },
    source: { type: 'string', description: 'Where the ONNX came from: `runs:/<run id>/<path>` or a file.' },
  },
  { description: 'Where a version came from.' },
)

/** One immutable version, as `ModelVersion` in src/registry/types.ts. */
export const modelVersionSchema = strictObject(
  {
    name: { type: 'string' },
    version: versionNumberSchema,
    creationTime: epochMillisSchema,
    lastUpdatedTime: epochMillisSchema,
    description: { type: 'string' },
    tags: stringMapSchema,
    sha256: { type: 'string', description: 'Hex sha256 of model.onnx: the version’s identity.' },
    sizeBytes: { type: 'integer' },
    artifactUri: { type: 'string', description: 'Where the ONNX bytes are stored (content-addressed).' },
    signature: {
      type: 'object',
      description: "The model's signature (signature.json): task, target, input columns, outputs, classes.",
      additionalProperties: true,
    },
    metrics: metricMapSchema,
    lineage: modelLineageSchema,
    aliases: { type: 'array', items: { type: 'string' }, description: 'Aliases pointing at it now.' },
  },
  { description: 'One immutable version of a registered model.' },
)

/** A page of versions, newest first. */
export const modelVersionPageSchema = pageSchema(
  modelVersionSchema,
  'A page of model versions, newest first.',
)

/** What `GET /models/{name}` lists of each version. */
const versionSummarySchema = strictObject(
  {
    version: versionNumberSchema,
    creationTime: epochMillisSchema,
    description: { type: 'string' },
    sha256: { type: 'string' },
    sizeBytes: { type: 'integer' },
    runId: { type: ['string', 'null'] },
    metrics: metricMapSchema,
    aliases: { type: 'array', items: { type: 'string' } },
  },
  { description: 'A version, in short.' },
)

/** `GET /models/{name}`: the model and its newest versions. */
export const modelDetailSchema = strictObject(
  {
    ...registeredModelSchema.properties,
    versions: {
      type: 'array',
      items: versionSummarySchema,
      description: 'The newest versions, newest first (at most 100).',
    },
    versionsNextPageToken: {
      ...pageTokenSchema,
      description:
        'Present when older versions exist: the `pageToken` of GET /models/{name}/versions for them.',
    },
  },
  {
    optional: ['versionsNextPageToken'],
    description: 'A registered model with a summary of its newest versions.',
  },
)

/** One alias move, as `AliasEvent` in src/registry/types.ts. */
export const aliasEventSchema = strictObject(
  {
    name: { type: 'string' },
    alias: { type: 'string' },
    fromVersion: { type: ['integer', 'null'], description: 'null: the alias was set.' },
    toVersion: { type: ['integer', 'null'], description: 'null: the alias was deleted.' },
    time: epochMillisSchema,
    user: { type: 'string' },
    reason: { type: 'string' },
  },
  { description: 'One alias change: set (from null), moved, or deleted (to null).' },
)

/** An alias's history, oldest first. */
export const aliasHistorySchema = strictObject(
  { events: { type: 'array', items: aliasEventSchema } },
  { description: 'Alias changes, oldest first.' },
)

/** `:name` in a path. */
export const modelNameParamsSchema = strictObject({ name: modelNameSchema })

/** `:name/versions/:version` in a path. */
export const modelVersionParamsSchema = strictObject({ name: modelNameSchema, version: versionNumberSchema })

/** `:name/aliases/:alias` in a path. */
export const modelAliasParamsSchema = strictObject({
  name: modelNameSchema,
  alias: { type: 'string', description: 'Letters, digits, `_` and `-`; not case-sensitive.' },
})

/** `GET /models`. */
export const searchModelsQuerySchema = strictObject(
  {
    nameLike: {
      type: 'string',
      description: 'An SQL LIKE pattern on the name (`churn%`).',
      examples: ['churn%'],
    },
    tag: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Repeatable `key=value` (split at the first `=`): only models with every one of these tags.',
      examples: [['team=risk']],
    },
    maxResults: registryMaxResultsSchema,
    pageToken: pageTokenSchema,
  },
  { optional: ['nameLike', 'tag', 'maxResults', 'pageToken'] },
)

/** `GET /models/{name}/versions`. */
export const searchVersionsQuerySchema = strictObject(
  {
    runId: { type: 'string', description: 'Only versions trained by this run.' },
    metric: {
      type: 'array',
      items: { type: 'string' },
      description: 'Repeatable `metric op value`, op one of > >= < <= = !=: every condition must hold.',
      examples: [['valid_roc_auc >= 0.9']],
    },
    maxResults: registryMaxResultsSchema,
    pageToken: pageTokenSchema,
  },
  { optional: ['runId', 'metric', 'maxResults', 'pageToken'] },
)

/** `POST /models`. */
export const createModelBodySchema = strictObject(
  {
    name: { type: 'string', description: 'At most 256 characters, no `/`, no leading or trailing space.' },
    description: descriptionSchema,
    tags: stringMapSchema,
  },
  { optional: ['description', 'tags'] },
)

/** `PATCH /models/{name}`: rename, describe, or both (renamed first). */
export const updateModelBodySchema = strictObject(
  {
    name: { type: 'string', description: 'The new name; must be unused.' },
    description: descriptionSchema,
  },
  { optional: ['name', 'description'] },
)

/** `POST /models/{name}/versions`: register the ONNX model a run logged. */
export const registerVersionBodySchema = strictObject(
  {
    runId: { type: 'string' },
    artifactPath: {
      type: 'string',
      description: "The run's model folder (holding model.onnx and signature.json); default `model`.",
    },
    description: descriptionSchema,
    tags: stringMapSchema,
  },
  { optional: ['artifactPath', 'description', 'tags'] },
)

/** `PATCH /models/{name}/versions/{version}`. */
export const updateVersionBodySchema = strictObject({ description: descriptionSchema })

/** Who changes an alias and why, for its history. */
const aliasChangeProperties = {
  user: { type: 'string', description: 'Recorded in the history; default the server’s OS user.' },
  reason: { type: 'string', description: 'Free text, recorded in the history.' },
} as const

/** `PUT /models/{name}/aliases/{alias}`. */
export const setAliasBodySchema = strictObject(
  { version: versionNumberSchema, ...aliasChangeProperties },
  { optional: ['user', 'reason'] },
)

/** `POST /models/{name}/aliases/{alias}/rollback`. */
export const aliasChangeBodySchema = strictObject(aliasChangeProperties, { optional: ['user', 'reason'] })

/** `DELETE /models/{name}/aliases/{alias}`: the same facts, in the query. */
export const aliasChangeQuerySchema = aliasChangeBodySchema

/** `GET /models/{name}/aliases/{alias}`. */
export const resolveAliasQuerySchema = strictObject(
  {
    at: {
      type: 'string',
      description:
        'A past time, epoch milliseconds or ISO 8601: answers the version the alias pointed at then.',
      examples: ['1717200000000', '2024-06-01T00:00:00Z'],
    },
  },
  { optional: ['at'] },
)
