import { type Column, type ColumnType, Dataset } from '../data/index.js'
import type { PipelineInput } from '../features/index.js'
import type { OnnxFeed } from '../onnx/index.js'

/** How a column of numbers (NaN missing) is stored for each column type the pipeline may read. */
const NUMBER_COLUMNS: { readonly [T in ColumnType]: (name: string, values: Float64Array) => Column } = {
  numeric: (name, values) => ({ name, type: 'numeric', values }),
  datetime: (name, values) => ({ name, type: 'datetime', values }),
  boolean: (name, values) => ({
    name,
    type: 'boolean',
    values: Int8Array.from(values, (v) => (Number.isNaN(v) ? -1 : v === 0 ? 0 : 1)),
  }),
  // Shipyard feeds these as strings; numbers here meet `transform`'s check of the fitted type.
  categorical: (name, values) => ({ name, type: 'numeric', values }),
  text: (name, values) => ({ name, type: 'numeric', values }),
}

/**
 * The rows a model's ONNX feeds stand for, as the `Dataset` its pipeline reads in process: the inverse
 * of `onnxFeeds`, so that a served request (decoded and checked by the serving protocol) can be
 * explained. Each pipeline input is read from the feed of its name: a string feed becomes a text
 * column, which the pipeline encodes as categories where it was fitted so and whose `''` it reads as
 * missing, as the graph does; a number feed becomes a numeric or datetime column (NaN missing), or a
 * boolean one from 1/0 (NaN missing). Feeds the pipeline does not read are left out; an input with no
 * feed is left for `transform` to name.
 *
 * @example
 * const rows = feedsDataset(model.pipeline.inputs, buildFeeds(decodeV1(body, signature), signature, options))
 */
export function feedsDataset(
  inputs: readonly PipelineInput[],
  feeds: Readonly<Record<string, OnnxFeed>>,
): Dataset {
  const columns: Column[] = []
  for (const input of inputs) {
    const feed = feeds[input.name]
    if (feed === undefined) continue
    if (feed.type === 'string') columns.push({ name: input.name, type: 'text', values: feed.data })
    else columns.push(NUMBER_COLUMNS[input.type](input.name, numbers(feed)))
  }
  return Dataset.fromColumns(columns)
}

function numbers(feed: Exclude<OnnxFeed, { type: 'string' }>): Float64Array {
  return feed.type === 'double'
    ? feed.data
    : Float64Array.from(feed.data as ArrayLike<number | bigint>, Number)
}
