import {
  epochMillisSchema,
  lifecycleStageSchema,
  maxResultsSchema,
  pageSchema,
  pageTokenSchema,
  stringMapSchema,
  viewTypeSchema,
} from './common-schemas.js'
import { strictObject } from './json-schema.js'

/** An experiment, as `Experiment` in src/tracking/types.ts. */
export const experimentSchema = strictObject(
  {
    experimentId: { type: 'string' },
    name: { type: 'string' },
    artifactLocation: { type: 'string' },
    lifecycleStage: lifecycleStageSchema,
    creationTime: epochMillisSchema,
    lastUpdateTime: epochMillisSchema,
    tags: stringMapSchema,
  },
  { description: 'An experiment: a named group of runs.' },
)

/** A page of experiments, newest first. */
export const experimentPageSchema = pageSchema(experimentSchema, 'A page of experiments, newest first.')

/** `:experimentId` in a path. */
export const experimentIdParamsSchema = strictObject({ experimentId: { type: 'string' } })

/** `POST /experiments`. */
export const createExperimentBodySchema = strictObject(
  {
    name: { type: 'string' },
    artifactLocation: {
      type: 'string',
      description: 'Default: a folder named after the id under the artifact root.',
    },
    tags: stringMapSchema,
  },
  { optional: ['artifactLocation', 'tags'] },
)

/** `PATCH /experiments/:experimentId`. */
export const renameExperimentBodySchema = strictObject({
  name: { type: 'string', description: 'The new name.' },
})

/** `GET /experiments`. */
export const searchExperimentsQuerySchema = strictObject(
  { viewType: viewTypeSchema, maxResults: maxResultsSchema, pageToken: pageTokenSchema },
  { optional: ['viewType', 'maxResults', 'pageToken'] },
)

/** `GET /experiment-by-name`. */
export const experimentByNameQuerySchema = strictObject({ name: { type: 'string' } })
