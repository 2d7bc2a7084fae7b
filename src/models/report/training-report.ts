import { escapeHtml, formatCount, formatNumber, renderHtmlPage } from '../../shared/index.js'
import type { Task } from '../training-data.js'
import { calibrationSvg } from './calibration-chart.js'
import { importanceSvg } from './importance-chart.js'
import { REPORT_CSS } from './report-css.js'
import { learningCurveSvg, prSvg, rocSvg } from './report-curves.js'
import { confusionTable, metricsTable, paramsTable } from './report-tables.js'
import { residualsSvg } from './residuals-chart.js'

/**
 * Loss per iteration on the training and validation data, as the trainer reported it. The arrays pair
 * by position (up to the shortest); NaN or ±Infinity values break the line rather than the chart.
 */
export interface LearningCurve {
  /** The metric's name as trainers report it: `logloss`, `multi_logloss`, `rmse`. */
  readonly metric: string
  /** The iteration (0-based boosting round or optimiser step) of each point. */
  readonly iterations: ArrayLike<number>
  readonly train: ArrayLike<number>
  /** Absent without a validation set: then no validation line and no legend. */
  readonly valid?: ArrayLike<number>
  /** The iteration early stopping kept, marked with a vertical line. */
  readonly bestIteration?: number
}

/** A ROC curve: points in threshold order and the area under it. */
export interface RocCurve {
  readonly fpr: ArrayLike<number>
  readonly tpr: ArrayLike<number>
  readonly auc: number
}

/** A precision-recall curve: points in threshold order and its average precision. */
export interface PrCurve {
  readonly recall: ArrayLike<number>
  readonly precision: ArrayLike<number>
  readonly averagePrecision: number
}

/** One bin of a reliability diagram: mean predicted probability, observed positive rate, rows. */
export interface CalibrationBin {
  readonly meanPredicted: number
  readonly fractionPositive: number
  readonly count: number
}

/** Counts by actual class (rows) and predicted class (columns), both in `labels` order. */
export interface ConfusionMatrix {
  readonly labels: readonly string[]
  readonly matrix: readonly (readonly number[])[]
}

/**
 * One feature's importance: the total loss reduction (`gain`) and number of splits on it, for GBDT;
 * for linear models whatever score the trainer puts in `gain` (|standardised weight|) and 0 splits.
 */
export interface FeatureImportance {
  readonly feature: string
  readonly gain: number
  readonly split: number
}

/** Predictions against targets of a regression's held-out rows, paired by position. */
export interface Residuals {
  readonly predicted: ArrayLike<number>
  readonly actual: ArrayLike<number>
}

/** Row and feature counts of the data the model was trained and evaluated on. */
export interface DatasetSizes {
  readonly trainRows: number
  readonly validRows?: number
  readonly testRows?: number
  readonly features: number
}

/**
 * Everything the training report shows, as plain data (the trainer and metric code compute it; the
 * renderer does no I/O and no statistics beyond downsampling). Optional parts are sections that are
 * left out when absent; the classification parts (`roc`, `pr`, `calibration`, `confusion`) are
 * ignored for regression and `residuals` for classification.
 */
export interface TrainingReport {
  readonly title: string
  readonly task: Task
  readonly modelKind: 'gbdt' | 'linear'
  /** The parameters the model was trained with, shown as given. */
  readonly params: Readonly<Record<string, string | number | boolean>>
  readonly learningCurve: LearningCurve
  /** Final metrics by name on the validation and test sets. */
  readonly metrics: {
    readonly valid?: Readonly<Record<string, number>>
    readonly test?: Readonly<Record<string, number>>
  }
  readonly roc?: RocCurve
  readonly pr?: PrCurve
  readonly calibration?: readonly CalibrationBin[]
  readonly confusion?: ConfusionMatrix
  /** Any order; the 20 with the largest gain are drawn. */
  readonly importance?: readonly FeatureImportance[]
  /** Downsampled to at most 2,000 evenly spaced rows for drawing. */
  readonly residuals?: Residuals
  readonly dataset?: DatasetSizes
}

const TASK_NAMES: Readonly<Record<Task, string>> = {
  binary: 'binary classification',
  multiclass: 'multiclass classification',
  regression: 'regression',
}

/**
 * The training report as one self-contained HTML page (inline CSS and SVG; no script, font or network
 * request) to store as a run artifact: header facts, final metrics, then one card per chart (learning
 * curve; ROC, precision-recall, reliability diagram and confusion matrix for classifiers;
 * predicted-vs-actual for regressors; feature importance) and the parameters. Every string from the
 * data (title, metric, feature, class and parameter names and values) is HTML-escaped, and non-finite
 * numbers appear as text, never as coordinates.
 */
export function renderTrainingReportHtml(report: TrainingReport): string {
  return renderHtmlPage({
    title: report.title,
    kicker: 'Shipyard training report',
    facts: headerFacts(report),
    css: REPORT_CSS,
    mainHtml: [
      `<section class="panel" id="metrics"><h2>Metrics</h2>${metricsTable(report.metrics)}</section>`,
      `<section class="cards">${chartCards(report).join('\n')}</section>`,
      `<section class="panel" id="params"><h2>Parameters</h2>${paramsTable(report.params)}</section>`,
    ].join('\n'),
  })
}

function headerFacts(report: TrainingReport): [string, string][] {
  const facts: [string, string][] = [
    ['Task', TASK_NAMES[report.task]],
    ['Model', report.modelKind === 'gbdt' ? 'gradient-boosted trees' : 'linear'],
  ]
  const data = report.dataset
  if (data) {
    facts.push(['Train rows', formatCount(data.trainRows)])
    if (data.validRows !== undefined) facts.push(['Validation rows', formatCount(data.validRows)])
    if (data.testRows !== undefined) facts.push(['Test rows', formatCount(data.testRows)])
    facts.push(['Features', formatCount(data.features)])
  }
  facts.push(['Iterations', formatCount(report.learningCurve.iterations.length)])
  const best = report.learningCurve.bestIteration
  if (best !== undefined) facts.push(['Best iteration', formatNumber(best)])
  return facts
}

function chartCards(report: TrainingReport): string[] {
  const curve = report.learningCurve
  const cards = [
    card('learning-curve', 'Learning curve', `${curve.metric} per iteration`, learningCurveSvg(curve)),
  ]
  if (report.task === 'regression') {
    if (report.residuals) {
      const { svg, caption } = residualsSvg(report.residuals)
      cards.push(card('residuals', 'Predicted vs actual', caption, svg))
    }
  } else {
    if (report.roc)
      cards.push(card('roc', 'ROC curve', `AUC ${formatNumber(report.roc.auc, 4)}`, rocSvg(report.roc)))
    if (report.pr) {
      const ap = `average precision ${formatNumber(report.pr.averagePrecision, 4)}`
      cards.push(card('pr', 'Precision-recall curve', ap, prSvg(report.pr)))
    }
    if (report.calibration) {
      const caption = 'Observed positive rate per bin of predicted probability; grey bars: rows per bin'
      cards.push(card('calibration', 'Reliability diagram', caption, calibrationSvg(report.calibration)))
    }
    if (report.confusion) {
      const caption = 'Rows: actual class; columns: predicted. Shade: share of the actual class'
      cards.push(card('confusion', 'Confusion matrix', caption, confusionTable(report.confusion)))
    }
  }
  if (report.importance) {
    const { svg, caption } = importanceSvg(report.importance, report.modelKind)
    cards.push(card('importance', 'Feature importance', caption, svg))
  }
  return cards
}

/** A chart card; `caption` is plain text, `body` markup. */
function card(id: string, heading: string, caption: string, body: string): string {
  return `<article class="card" id="${id}"><h2>${heading}</h2><p class="caption muted">${escapeHtml(caption)}</p>${body}</article>`
}
