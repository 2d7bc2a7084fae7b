// A train/test split on disk, as bench/train.ts writes it and bench/peers/train_peers.py's `load`
// reads it: meta.json, row-major float32 features (train.f32, test.f32) and float64 labels
// (train-labels.f64, test-labels.f64).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrainingMatrix } from '../../src/models/training-data.js'

/** What meta.json says about a split. */
export interface TaskFilesMeta {
  readonly task: string
  readonly rows: number
  readonly width: number
  readonly trainRows: number
  readonly testRows: number
}

/** Writes both parts of a split and its meta.json into `dir` (created if needed). */
export function writeTaskFiles(
  dir: string,
  task: string,
  split: { readonly train: TrainingMatrix; readonly test: TrainingMatrix },
): TaskFilesMeta {
  mkdirSync(dir, { recursive: true })
  for (const [part, data] of [
    ['train', split.train],
    ['test', split.test],
  ] as const) {
    writeFileSync(join(dir, `${part}.f32`), data.features.values)
    writeFileSync(join(dir, `${part}-labels.f64`), data.labels)
  }
  const meta: TaskFilesMeta = {
    task,
    rows: split.train.features.rowCount + split.test.features.rowCount,
    width: split.train.features.names.length,
    trainRows: split.train.features.rowCount,
    testRows: split.test.features.rowCount,
  }
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
  return meta
}

/** The test part's features (row-major float32) and the split's meta.json. */
export function readTestFeatures(dir: string): { values: Float32Array; meta: TaskFilesMeta } {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as TaskFilesMeta
  const bytes = readFileSync(join(dir, 'test.f32'))
  const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice()
  return { values, meta }
}
