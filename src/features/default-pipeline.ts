import type { DatasetSchema } from '../data/index.js'
import { ShipyardError } from '../shared/index.js'
import type { PipelineSpec } from './pipeline.js'
import type { StepSpec } from './step-spec.js'
import { DATETIME_PARTS } from './steps/datetime-parts-step.js'

/** The model families a default pipeline is shaped for. */
export type ModelFamily = 'gbdt' | 'linear'

/** Options of `defaultPipeline`. */
export interface DefaultPipelineOptions {
  /** Distinct values per categorical column (from a profile), to pick one-hot for tiny ones under trees. */
  readonly cardinality?: Readonly<Record<string, number>>
}

/** Categorical columns with at most this many values are one-hot encoded under trees (ordinal above). */
export const TREE_ONE_HOT_MAX_CARDINALITY = 4
/** One-hot width cap for linear models: the most frequent categories get a column, the rest count as unknown. */
export const LINEAR_ONE_HOT_MAX_CATEGORIES = 20
/** Ordinal cap for text columns under trees (frequency-ranked; rarer values share the unknown code). */
export const TREE_TEXT_MAX_CATEGORIES = 1000

/**
 * A sensible pipeline for a model family, from the schema alone. The target is left out; every other
 * column becomes features.
 *
 * `gbdt` (trees split on raw values and route NaN natively, so no imputing and no scaling):
 * numeric and boolean columns pass through; categorical columns are ordinal codes (frequency order,
 * unseen -1, missing NaN), or one-hot when `options.cardinality` says they have at most
 * `TREE_ONE_HOT_MAX_CARDINALITY` values; text columns are ordinal codes of their 1000 most frequent values;
 * datetimes are split into year, month, day, day of week and hour.
 *
 * `linear` (a weight per feature: every feature finite and on a comparable scale):
 * datetimes are split into parts first; then every numeric column (parts included) is imputed with its
 * median, with a `__missing` indicator for the columns the schema marks nullable (and for datetime parts),
 * clipped to its training range (so ±Infinity and unseen extremes become the training min/max) and
 * standardised; booleans are imputed with their most frequent value (indicator when nullable);
 * categorical and text columns are one-hot on their 20 most frequent values (others all zeros), with a
 * `__missing` column when nullable.
 *
 * A column that is entirely missing in the training data fails the linear pipeline's fit, naming it
 * (there is no median to impute): drop it or impute it with a constant. `INVALID_PARAMETER_VALUE` when
 * `target` is not in the schema.
 */
export function defaultPipeline(
  schema: DatasetSchema,
  model: ModelFamily,
  target: string,
  options: DefaultPipelineOptions = {},
): PipelineSpec {
  if (!schema.columns.some((c) => c.name === target)) {
    const names = schema.columns.map((c) => `'${c.name}'`).join(', ')
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `target column '${target}' is not in the data; the columns are ${names}`,
      {
        details: { column: target },
      },
    )
  }
  const features = schema.columns.filter((c) => c.name !== target)
  const of = (type: string) => features.filter((c) => c.type === type)
  const names = (columns: readonly { name: string }[]) => columns.map((c) => c.name)
  const datetimes = names(of('datetime'))
  const steps: StepSpec[] = []
  if (datetimes.length > 0)
    steps.push({ type: 'datetime_parts', columns: datetimes, parts: [...DATETIME_PARTS] })
  if (model === 'gbdt') {
    const small = (name: string) => (options.cardinality?.[name] ?? Infinity) <= TREE_ONE_HOT_MAX_CARDINALITY
    const categorical = names(of('categorical'))
    const oneHot = categorical.filter(small)
    const ordinal = categorical.filter((name) => !small(name))
    if (oneHot.length > 0)
      steps.push({ type: 'one_hot', columns: oneHot, maxCategories: TREE_ONE_HOT_MAX_CARDINALITY })
    if (ordinal.length > 0) steps.push({ type: 'ordinal', columns: ordinal, order: 'frequency' })
    const text = names(of('text'))
    if (text.length > 0)
      steps.push({ type: 'ordinal', columns: text, maxCategories: TREE_TEXT_MAX_CATEGORIES })
    return { steps }
  }
  // Datetime parts are NaN where the datetime is missing, so they are imputed with an indicator too.
  const parts = datetimes.flatMap((name) =>
    DATETIME_PARTS.map((part) => ({ name: `${name}__${part}`, nullable: true })),
  )
  const numeric = [...of('numeric'), ...parts]
  addImpute(steps, numeric, 'median')
  if (numeric.length > 0) {
    steps.push({ type: 'clip', columns: names(numeric), quantiles: [0, 1] })
    steps.push({ type: 'standard_scale', columns: names(numeric) })
  }
  addImpute(steps, of('boolean'), 'most_frequent')
  for (const nullable of [false, true]) {
    const strings = [...of('categorical'), ...of('text')].filter((c) => c.nullable === nullable)
    if (strings.length > 0) {
      steps.push({
        type: 'one_hot',
        columns: names(strings),
        maxCategories: LINEAR_ONE_HOT_MAX_CATEGORIES,
        missingColumn: nullable,
      })
    }
  }
  return { steps }
}

function addImpute(
  steps: StepSpec[],
  columns: readonly { name: string; nullable: boolean }[],
  strategy: 'median' | 'most_frequent',
): void {
  for (const indicator of [true, false]) {
    const chosen = columns.filter((c) => c.nullable === indicator).map((c) => c.name)
    if (chosen.length > 0) steps.push({ type: 'impute', columns: chosen, strategy, indicator })
  }
}
