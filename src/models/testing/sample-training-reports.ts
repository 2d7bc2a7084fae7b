import { Random } from '../../shared/index.js'
import type { CalibrationBin, LearningCurve, TrainingReport } from '../report/training-report.js'

/**
 * Plausible training reports for tests and for eyeballing the HTML: a binary GBDT with every
 * classification section, a multiclass linear model (no ROC), and a GBDT regressor without a
 * validation set. The curves come from simulated scores, seeded, so they are the same every run.
 */
export function sampleTrainingReports(): Record<TrainingReport['task'], TrainingReport> {
  return { binary: binaryReport(), multiclass: multiclassReport(), regression: regressionReport() }
}

function binaryReport(): TrainingReport {
  const rng = new Random(7)
  const rows = 3000
  const labels = Float64Array.from({ length: rows }, () => (rng.nextFloat() < 0.3 ? 1 : 0))
  const probs = labels.map((y) => sigmoid(1.6 * normal(rng) + (y === 1 ? 1.2 : -1.2)))
  const curve = lossCurve('logloss', 300, 0.69, 0.24, 0.31)
  const { roc, pr } = curves(labels, probs)
  return {
    title: 'churn-gbdt <run 42>',
    task: 'binary',
    modelKind: 'gbdt',
    params: { objective: 'binary', learning_rate: 0.05, num_leaves: 31, seed: 20240101, balanced: false },
    learningCurve: curve,
    metrics: {
      valid: { logloss: 0.31234567, auc: 0.8812345, accuracy: 0.85 },
      test: { logloss: 0.3301, auc: roc!.auc, average_precision: pr!.averagePrecision },
    },
    roc,
    pr,
    calibration: calibration(labels, probs, 10),
    confusion: { labels: ['no', 'yes'], matrix: confusion(labels, probs) },
    importance: Array.from({ length: 35 }, (_, i) => ({
      feature: i === 3 ? '<script>alert("feature")</script>' : `feature_${i}_${'x'.repeat(i % 9)}`,
      gain: 5000 / (i + 1) ** 1.3,
      split: 400 - i * 9,
    })),
    dataset: { trainRows: 120_000, validRows: 30_000, testRows: rows, features: 35 },
  }
}

function multiclassReport(): TrainingReport {
  return {
    title: 'iris-linear',
    task: 'multiclass',
    modelKind: 'linear',
    params: { objective: 'multiclass', l2: 0.001, max_iterations: 100 },
    learningCurve: lossCurve('multi_logloss', 80, 1.1, 0.12, 0.16),
    metrics: { valid: { multi_logloss: 0.16, accuracy: 0.94 } },
    confusion: {
      labels: ['setosa', 'versicolor', 'virginica', '<b>unknown</b>'],
      matrix: [
        [50, 0, 0, 0],
        [0, 46, 4, 0],
        [0, 3, 47, 0],
        [1, 0, 2, 7],
      ],
    },
    importance: ['petal_length', 'petal_width', 'sepal_length', 'sepal_width'].map((feature, i) => ({
      feature,
      gain: 3 - i * 0.7,
      split: 0,
    })),
    dataset: { trainRows: 120, validRows: 30, features: 4 },
  }
}

function regressionReport(): TrainingReport {
  const rng = new Random(11)
  const rows = 5000
  const actual = Float64Array.from({ length: rows }, () => 200 + 80 * normal(rng))
  const predicted = actual.map((y) => 0.85 * y + 30 + 25 * normal(rng))
  const curve = lossCurve('rmse', 150, 80, 24, 24)
  return {
    title: 'house-prices',
    task: 'regression',
    modelKind: 'gbdt',
    params: { objective: 'regression', learning_rate: 0.1, max_depth: 6 },
    learningCurve: { metric: curve.metric, iterations: curve.iterations, train: curve.train },
    metrics: { test: { rmse: 25.71, mae: 20.3, r2: 0.902 } },
    residuals: { predicted, actual },
    importance: Array.from({ length: 12 }, (_, i) => ({
      feature: `f${i}`,
      gain: 1e6 / (i + 1),
      split: 90 - i,
    })),
    dataset: { trainRows: 40_000, testRows: rows, features: 12 },
  }
}

/** A loss falling from `start` towards `trainEnd` (train) and `validEnd` (valid, rising a little late). */
function lossCurve(
  metric: string,
  n: number,
  start: number,
  trainEnd: number,
  validEnd: number,
): LearningCurve {
  const iterations = Array.from({ length: n }, (_, i) => i)
  const train = iterations.map((i) => trainEnd * 0.8 + (start - trainEnd * 0.8) * Math.exp(-i / (n / 6)))
  const valid = iterations.map(
    (i) =>
      validEnd + (start - validEnd) * Math.exp(-i / (n / 5)) + validEnd * 0.3 * Math.max(0, i / n - 0.5) ** 2,
  )
  const bestIteration = valid.indexOf(Math.min(...valid))
  return { metric, iterations, train, valid, bestIteration }
}

function curves(labels: Float64Array, probs: Float64Array): Pick<TrainingReport, 'roc' | 'pr'> {
  const order = Array.from(probs.keys()).sort((a, b) => probs[b]! - probs[a]!)
  const positives = labels.reduce((s, y) => s + y, 0)
  const negatives = labels.length - positives
  const fpr = [0]
  const tpr = [0]
  const recall: number[] = []
  const precision: number[] = []
  let tp = 0
  let auc = 0
  let ap = 0
  order.forEach((row, k) => {
    if (labels[row] === 1) {
      tp++
      ap += tp / (k + 1) / positives
    } else auc += tp / positives / negatives
    fpr.push((k + 1 - tp) / negatives)
    tpr.push(tp / positives)
    recall.push(tp / positives)
    precision.push(tp / (k + 1))
  })
  return { roc: { fpr, tpr, auc }, pr: { recall, precision, averagePrecision: ap } }
}

function calibration(labels: Float64Array, probs: Float64Array, bins: number): CalibrationBin[] {
  const sum = new Float64Array(bins)
  const hits = new Float64Array(bins)
  const count = new Float64Array(bins)
  probs.forEach((p, i) => {
    const b = Math.min(bins - 1, Math.floor(p * bins))
    sum[b]! += p
    hits[b]! += labels[i]!
    count[b]!++
  })
  return Array.from(count, (c, b) => ({
    meanPredicted: sum[b]! / c,
    fractionPositive: hits[b]! / c,
    count: c,
  }))
}

function confusion(labels: Float64Array, probs: Float64Array): number[][] {
  const m = [
    [0, 0],
    [0, 0],
  ]
  probs.forEach((p, i) => {
    m[labels[i]!]![p >= 0.5 ? 1 : 0]!++
  })
  return m
}

function normal(rng: Random): number {
  return Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat())
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z))
}
