/** Precision, recall, F1 and support (rows, or weight, truly of the class) of one class. */
export interface ClassScores {
  readonly precision: number
  readonly recall: number
  readonly f1: number
  readonly support: number
}

/** Per-class scores and their macro and support-weighted averages. */
export interface ClassScoreSummary {
  readonly perClass: ClassScores[]
  /** Unweighted mean over the classes present in the labels or the predictions. */
  readonly macro: Omit<ClassScores, 'support'>
  /** Mean weighted by support. */
  readonly weighted: Omit<ClassScores, 'support'>
}

/**
 * Precision, recall and F1 of every class from a confusion matrix (`matrix[true][predicted]`), as
 * scikit-learn's `precision_recall_fscore_support` with `zero_division=0`: a class never predicted
 * has precision 0, a class never true has recall 0 (scikit-learn warns and gives the same). The
 * macro average, like scikit-learn's default, skips classes that appear in neither the labels nor
 * the predictions; a class that is true but never predicted counts (with precision 0).
 */
export function classScores(matrix: readonly (readonly number[])[]): ClassScoreSummary {
  const classes = matrix.length
  const predicted = new Float64Array(classes)
  for (const row of matrix) for (let k = 0; k < classes; k++) predicted[k]! += row[k]!
  const perClass = matrix.map((row, k): ClassScores => {
    const hits = row[k]!
    const support = row.reduce((a, b) => a + b, 0)
    const guessed = predicted[k]!
    return {
      precision: guessed > 0 ? hits / guessed : 0,
      recall: support > 0 ? hits / support : 0,
      // 2·tp / (2·tp + fp + fn): equal to 2PR/(P+R) and defined (0) when both are 0.
      f1: support + guessed > 0 ? (2 * hits) / (support + guessed) : 0,
      support,
    }
  })
  const present = perClass.filter((c, k) => c.support > 0 || predicted[k]! > 0)
  return { perClass, macro: average(present, () => 1), weighted: average(perClass, (c) => c.support) }
}

/** Σ w·score / Σ w, summed then divided as numpy's `average` does. */
function average(
  scores: readonly ClassScores[],
  weight: (c: ClassScores) => number,
): Omit<ClassScores, 'support'> {
  let precision = 0
  let recall = 0
  let f1 = 0
  let total = 0
  for (const c of scores) {
    const w = weight(c)
    precision += w * c.precision
    recall += w * c.recall
    f1 += w * c.f1
    total += w
  }
  return { precision: precision / total, recall: recall / total, f1: f1 / total }
}
