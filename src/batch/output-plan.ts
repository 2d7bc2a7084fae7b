import type { ColumnType, SourceOutline } from '../data/index.js'
import { closestMatch, invalidValue, ShipyardError } from '../shared/index.js'
import type { BatchModel } from './batch-model.js'
import { type PredictionLayout, predictionLayout, predictionNames } from './prediction-columns.js'

/** What a batch reads and writes, settled from the model and the input's columns before any row is read. */
export interface OutputPlan {
  /** The types the model's input columns are read as (its signature's), so a bad value fails naming its row. */
  readonly types: Readonly<Record<string, ColumnType>>
  /** For a model with one matrix input: the columns that fill it, in order. */
  readonly features?: readonly string[]
  /** Input columns copied to the output, in order. */
  readonly keep: readonly string[]
  readonly layout: PredictionLayout
}

/**
 * Checks the input against the model and the requested columns, naming every problem at once:
 * the model's input columns the input lacks, `keep` entries it lacks (with the closest name), and
 * kept columns that would clash with a prediction column (DuckDB names ignore case). Each is
 * `INVALID_PARAMETER_VALUE`.
 */
export function planOutput(
  model: BatchModel,
  input: SourceOutline,
  keep: readonly string[] = input.columns,
): OutputPlan {
  const types: Record<string, ColumnType> = {}
  let features: readonly string[] | undefined
  for (const tensor of model.signature.inputs) {
    for (const column of tensor.columns ?? [tensor.name]) types[column] = tensor.columnType
    if (tensor.columns) features = tensor.columns
  }
  const missing = Object.keys(types).filter((name) => !input.columns.includes(name))
  if (missing.length > 0) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${input.label} has no column ${quoted(missing)}, which ${describeModel(model)} takes as input; its columns are ${quoted(input.columns)}`,
      { details: { file: input.label, missing } },
    )
  }
  checkKeep(keep, input)
  const layout = predictionLayout(model.signature)
  const predicted = new Set(predictionNames(layout).map((n) => n.toLowerCase()))
  const clashes = keep.filter((name) => predicted.has(name.toLowerCase()))
  if (clashes.length > 0) {
    throw invalidValue(
      'keep',
      `input column ${quoted(clashes)} would clash with the prediction column of that name; leave it out of keep`,
    )
  }
  return { types, ...(features ? { features } : {}), keep, layout }
}

/** `model churn v3`, or `the model in <folder>` for a saved model. */
export function describeModel(model: Pick<BatchModel, 'name' | 'version'>): string {
  return model.version === null ? `the model in ${model.name}` : `model ${model.name} v${model.version}`
}

function checkKeep(keep: readonly string[], input: SourceOutline): void {
  const seen = new Set<string>()
  for (const name of keep) {
    if (seen.has(name)) throw invalidValue('keep', `'${name}' is listed twice`)
    seen.add(name)
  }
  const unknown = keep.filter((name) => !input.columns.includes(name))
  if (unknown.length === 0) return
  const hint = closestMatch(unknown[0]!, input.columns)
  throw invalidValue(
    'keep',
    `${input.label} has no column ${quoted(unknown)}${hint ? ` (did you mean '${hint}'?)` : ''}; its columns are ${quoted(input.columns)}`,
  )
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ')
}
