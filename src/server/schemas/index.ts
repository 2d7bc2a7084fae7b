/**
 * The native API's JSON schemas, written once: route validation, response serialisation and the
 * OpenAPI document all read them. `NAMED_SCHEMAS` are the ones the OpenAPI document lists as
 * components and refers to by `$ref` wherever a route uses them.
 */
import { artifactInfoSchema, artifactListSchema } from './artifact-schemas.js'
import { errorBodySchema } from './common-schemas.js'
import { experimentPageSchema, experimentSchema } from './experiment-schemas.js'
import type { JsonSchema } from './json-schema.js'
import { metricSchema, metricValueSchema } from './metric-schemas.js'
import {
  aliasEventSchema,
  aliasHistorySchema,
  modelDetailSchema,
  modelLineageSchema,
  modelVersionPageSchema,
  modelVersionSchema,
  registeredModelPageSchema,
  registeredModelSchema,
} from './model-schemas.js'
import { runDataSchema, runInfoSchema, runPageSchema, runSchema } from './run-schemas.js'

export type { JsonSchema, ObjectSchema } from './json-schema.js'

/** Schemas the OpenAPI document names, by component name. */
export const NAMED_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  Experiment: experimentSchema,
  ExperimentPage: experimentPageSchema,
  Run: runSchema,
  RunInfo: runInfoSchema,
  RunData: runDataSchema,
  RunPage: runPageSchema,
  Metric: metricSchema,
  MetricValue: metricValueSchema,
  ArtifactInfo: artifactInfoSchema,
  ArtifactList: artifactListSchema,
  RegisteredModel: registeredModelSchema,
  RegisteredModelPage: registeredModelPageSchema,
  ModelDetail: modelDetailSchema,
  ModelVersion: modelVersionSchema,
  ModelVersionPage: modelVersionPageSchema,
  ModelLineage: modelLineageSchema,
  AliasEvent: aliasEventSchema,
  AliasHistory: aliasHistorySchema,
  ErrorBody: errorBodySchema,
}
