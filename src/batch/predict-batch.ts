import { performance } from 'node:perf_hooks'
import { Dataset, describeSource, readDatasetChunks } from '../data/index.js'
import { OnnxModel } from '../models/index.js'
import type { BatchModel } from './batch-model.js'
import { planOutput } from './output-plan.js'
import { predictionColumns } from './prediction-columns.js'
import { outputFormatOf } from './writers/chunk-writer.js'
import { openChunkWriter } from './writers/open-chunk-writer.js'

/** What to predict: a model over one input file into one output file. */
export interface BatchPredictOptions {
  /** A CSV, Parquet or JSON-lines file (format from the extension, as `readDataset` tells it). */
  readonly input: string
  /** `.csv`, `.jsonl`/`.ndjson` or `.parquet`/`.pq`; replaced atomically when the batch succeeds. */
  readonly output: string
  readonly model: BatchModel
  /** Input columns copied to the output, in this order; default all of them. */
  readonly keep?: readonly string[]
  /** Rows read, predicted and written at a time; default `DEFAULT_CHUNK_ROWS` (65,536). */
  readonly chunkRows?: number
  /** After each chunk: rows done so far, and the input's row count (or an estimate) when known. */
  readonly onProgress?: (rowsDone: number, rowsExpected: number | undefined) => void
}

/** What a batch did (the CLI's `--json` output). */
export interface BatchPredictSummary {
  readonly rows: number
  readonly output: string
  /** The registered model's name, or the saved model's folder. */
  readonly model: string
  /** The registry version; null for a saved model folder. */
  readonly version: number | null
  /** Wall-clock seconds, from checking the input to the output in place. */
  readonly seconds: number
}

/**
 * Predicts every row of `input` with `model` into `output`, a chunk at a time: read (DuckDB's
 * streaming scan), predict (onnxruntime), write; memory holds one chunk whatever the row count.
 * Each output row is the input row's kept columns, then the predictions: classifiers `label` and
 * `probability_<class>` per class (the signature's class order), regressors `prediction`.
 *
 * Checked before any row is read (`INVALID_PARAMETER_VALUE`): the output's extension, every input
 * column the model needs (all missing ones named), `keep`, clashes with prediction column names.
 * The model's input columns are read as its signature types them, so a value that is not, say, a
 * number fails naming the file, the row (or CSV line) and the column.
 *
 * Atomic: the output appears complete when the promise resolves, and on any failure nothing is
 * left at or beside the output path (an existing file there stays as it was).
 *
 * @example
 * const model = await loadModelDir('models/churn')
 * const summary = await predictBatch({ input: 'customers.parquet', output: 'scores.parquet', model })
 */
export async function predictBatch(options: BatchPredictOptions): Promise<BatchPredictSummary> {
  const started = performance.now()
  const { model, input, output } = options
  outputFormatOf(output)
  const outline = await describeSource({ path: input })
  const plan = planOutput(model, outline, options.keep)
  const onnx = await OnnxModel.load(model.onnx)
  try {
    const writer = await openChunkWriter(output)
    let rows = 0
    // One chunk is written while the next is read and predicted: DuckDB and onnxruntime work at once.
    let writing: Promise<void> = Promise.resolve()
    try {
      const chunks = readDatasetChunks(
        { path: input },
        { types: plan.types, ...(options.chunkRows === undefined ? {} : { chunkRows: options.chunkRows }) },
      )
      for await (const chunk of chunks) {
        const predictions = await onnx.predict(chunk, plan.features ? { features: plan.features } : {})
        const kept = plan.keep.map((name) => chunk.column(name))
        const out = Dataset.fromColumns([...kept, ...predictionColumns(plan.layout, predictions)])
        await writing
        writing = writer.write(out)
        // Marked handled: a failure is rethrown where it is awaited, next round or below.
        writing.catch(() => {})
        rows += chunk.rowCount
        options.onProgress?.(rows, outline.rowCountHint)
      }
      await writing
      await writer.commit()
    } catch (error) {
      // The write in flight must end before `abort` closes the database under it.
      await writing.catch(() => {})
      await writer.abort()
      throw error
    }
    const seconds = (performance.now() - started) / 1000
    return { rows, output, model: model.name, version: model.version, seconds }
  } finally {
    await onnx.release()
  }
}
