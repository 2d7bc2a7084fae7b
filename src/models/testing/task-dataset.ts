import { type Column, Dataset } from '../../data/index.js'
import type { TrainingMatrix } from '../training-data.js'

/**
 * A labelled matrix as a dataset: numeric columns named as the matrix's features, plus the labels as
 * the numeric column `target` (default `y`), for tests that train through `train()` on generated tasks.
 */
export function taskDataset(task: TrainingMatrix, target = 'y'): Dataset {
  const { names, rowCount, values } = task.features
  const columns: Column[] = names.map((name, f) => {
    const column = new Float64Array(rowCount)
    for (let row = 0; row < rowCount; row++) column[row] = values[row * names.length + f]!
    return { name, type: 'numeric', values: column }
  })
  columns.push({ name: target, type: 'numeric', values: Float64Array.from(task.labels) })
  return Dataset.fromColumns(columns)
}
