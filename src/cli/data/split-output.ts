import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Dataset, HoldoutSplit, KFoldSplit, SplitReport, SplitSpec } from '../../data/index.js'
import { type ParquetPart, writeParquetParts } from './parquet-writer.js'

/** One file a split wrote. */
export interface SplitFile {
  /** `train`, `test`, or `fold-2/validation`. */
  readonly part: string
  readonly path: string
  readonly rows: number
}

/**
 * What `split.json` holds: enough to know where the parts came from and to cut them again
 * (`shipyard data split FILE --spec split.json` reads `spec` back).
 */
export interface SplitRecord {
  readonly format: 'shipyard.split'
  readonly version: 1
  readonly source: string
  /** `fingerprintDataset` of the data that was split: the same spec on the same fingerprint gives the same parts. */
  readonly fingerprint: string
  readonly spec: SplitSpec
  readonly rows: number
  /** The holdout report (sides, excluded rows, cutoff, strata, groups); absent for k-fold. */
  readonly report?: SplitReport
  readonly files: readonly SplitFile[]
}

const TRAIN = 0
const TEST = 1
const EXCLUDED = 2

/**
 * Writes the parts of a split under `dir` (created when missing; files of the same names are
 * replaced): `train.parquet` and `test.parquet` for a holdout split, `fold-N/train.parquet` and
 * `fold-N/validation.parquet` (N from 1) for k-fold, then `split.json`. Rows keep the data's order.
 * Returns the record written to `split.json`. `tick` is `writeParquetParts`' progress (2 x rows in all).
 */
export async function writeSplit(
  dataset: Dataset,
  split: HoldoutSplit | KFoldSplit,
  dir: string,
  lineage: { source: string; fingerprint: string; spec: SplitSpec },
  tick: (rows: number) => void = () => undefined,
): Promise<SplitRecord> {
  mkdirSync(dir, { recursive: true })
  const { partOf, parts, files } =
    split.kind === 'holdout' ? holdoutParts(split, dir) : kFoldParts(split, dir)
  for (const file of files) mkdirSync(join(file.path, '..'), { recursive: true })
  await writeParquetParts(dataset, partOf, parts, tick)
  const record: SplitRecord = {
    format: 'shipyard.split',
    version: 1,
    ...lineage,
    rows: dataset.rowCount,
    ...(split.kind === 'holdout' ? { report: split.report } : {}),
    files,
  }
  writeFileSync(join(dir, 'split.json'), `${JSON.stringify(record, null, 2)}\n`)
  return record
}

function holdoutParts(split: HoldoutSplit, dir: string) {
  const partOf = new Int32Array(split.train.length + split.test.length + split.excluded.length)
  for (const i of split.test) partOf[i] = TEST
  for (const i of split.excluded) partOf[i] = EXCLUDED
  const files: SplitFile[] = [
    { part: 'train', path: join(dir, 'train.parquet'), rows: split.train.length },
    { part: 'test', path: join(dir, 'test.parquet'), rows: split.test.length },
  ]
  const parts: ParquetPart[] = [
    { path: files[0]!.path, rows: { part: TRAIN } },
    { path: files[1]!.path, rows: { part: TEST } },
  ]
  return { partOf, parts, files }
}

function kFoldParts(split: KFoldSplit, dir: string) {
  const files: SplitFile[] = []
  const parts: ParquetPart[] = []
  split.folds.forEach((fold, f) => {
    const folder = join(dir, `fold-${f + 1}`)
    files.push(
      { part: `fold-${f + 1}/train`, path: join(folder, 'train.parquet'), rows: fold.train.length },
      {
        part: `fold-${f + 1}/validation`,
        path: join(folder, 'validation.parquet'),
        rows: fold.validation.length,
      },
    )
    parts.push(
      { path: join(folder, 'train.parquet'), rows: { notPart: f } },
      { path: join(folder, 'validation.parquet'), rows: { part: f } },
    )
  })
  return { partOf: split.foldOf, parts, files }
}
