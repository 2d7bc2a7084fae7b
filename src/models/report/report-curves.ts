import {
  type Axis,
  axesSvg,
  emptySvgChart,
  escapeHtml,
  fixedAxis,
  formatNumber,
  type LegendItem,
  legendSvg,
  linePathSvg,
  numericAxis,
  type PlotArea,
  plotArea,
  segmentSvg,
  svgChart,
  svgCoord,
} from '../../shared/index.js'
import type { LearningCurve, PrCurve, RocCurve } from './training-report.js'

const NOTHING_TO_DRAW = 'no finite values to draw'

/**
 * Train (blue) and validation (orange) metric against iteration, with a dashed vertical line at the
 * best iteration and a legend when two or more of these are drawn (in the upper right for a falling
 * metric, else the lower right). A placeholder chart when no point is finite.
 */
export function learningCurveSvg(curve: LearningCurve): string {
  const caption = `Learning curve: ${curve.metric} per iteration`
  const series = curve.valid ? [curve.train, curve.valid] : [curve.train]
  const x = numericAxis('iteration', [curve.iterations], { integer: true })
  const y = numericAxis(curve.metric, series)
  const area = plotArea(x, y, 400)
  const train = linePathSvg(curve.iterations, curve.train, area, 'series s1', `train ${curve.metric}`)
  const valid = curve.valid
    ? linePathSvg(curve.iterations, curve.valid, area, 'series s2', `validation ${curve.metric}`)
    : ''
  if (train === '' && valid === '') return emptySvgChart(NOTHING_TO_DRAW, caption)
  const legend: LegendItem[] = []
  if (train !== '') legend.push({ label: 'train', className: 'series s1' })
  if (valid !== '') legend.push({ label: 'validation', className: 'series s2' })
  const best = bestMarker(curve, area, x)
  if (best !== '')
    legend.push({ label: `best iteration (${formatNumber(curve.bestIteration!)})`, className: 'best' })
  return svgChart(area.width, area.height, caption, [
    axesSvg(area, x, y),
    best,
    train,
    valid,
    legend.length >= 2 ? legendSvg(area, legend, falling(curve.train) ? 'top-right' : 'bottom-right') : '',
  ])
}

/** ROC curve over the unit square with the chance diagonal; the legend carries the AUC. */
export function rocSvg(roc: RocCurve): string {
  const auc = formatNumber(roc.auc, 4)
  return unitSquareChart({
    caption: `ROC curve, AUC ${auc}`,
    x: fixedAxis('false positive rate', 0, 1),
    y: fixedAxis('true positive rate', 0, 1),
    xs: roc.fpr,
    ys: roc.tpr,
    label: `model (AUC ${auc})`,
    diagonal: 'chance',
  })
}

/** Precision against recall over the unit square; the legend carries the average precision. */
export function prSvg(pr: PrCurve): string {
  const ap = formatNumber(pr.averagePrecision, 4)
  return unitSquareChart({
    caption: `Precision-recall curve, average precision ${ap}`,
    x: fixedAxis('recall', 0, 1),
    y: fixedAxis('precision', 0, 1),
    xs: pr.recall,
    ys: pr.precision,
    label: `model (AP ${ap})`,
  })
}

interface UnitSquareChart {
  readonly caption: string
  readonly x: Axis
  readonly y: Axis
  readonly xs: ArrayLike<number>
  readonly ys: ArrayLike<number>
  readonly label: string
  /** The legend name of a dashed (0,0)–(1,1) reference line, if one is drawn. */
  readonly diagonal?: string
}

function unitSquareChart(chart: UnitSquareChart): string {
  const area = plotArea(chart.x, chart.y, 400)
  const line = linePathSvg(chart.xs, chart.ys, area, 'series s1', chart.caption)
  if (line === '') return emptySvgChart(NOTHING_TO_DRAW, chart.caption)
  const legend: LegendItem[] = [{ label: chart.label, className: 'series s1' }]
  let reference = ''
  if (chart.diagonal !== undefined) {
    reference = segmentSvg(area, [0, 0], [1, 1], 'reference', chart.diagonal)
    legend.push({ label: chart.diagonal, className: 'reference' })
  }
  return svgChart(area.width, area.height, chart.caption, [
    axesSvg(area, chart.x, chart.y),
    reference,
    line,
    // Both curves leave the lower right (ROC) or lower left (PR) empty; lower right fits both.
    legendSvg(area, legend, 'bottom-right'),
  ])
}

/** The dashed line at the best iteration, with the validation (else train) value there as tooltip. */
function bestMarker(curve: LearningCurve, area: PlotArea, x: Axis): string {
  const best = curve.bestIteration
  if (best === undefined || !Number.isFinite(best) || best < x.min || best > x.max) return ''
  const i = Array.prototype.indexOf.call(curve.iterations, best)
  const value = i < 0 ? undefined : (curve.valid ?? curve.train)[i]
  const at = value === undefined ? '' : `: ${curve.metric} ${formatNumber(value, 5)}`
  const px = svgCoord(area.x(best))
  return `<line class="best" x1="${px}" x2="${px}" y1="${area.top}" y2="${area.bottom}"><title>${escapeHtml(`best iteration ${formatNumber(best)}${at}`)}</title></line>`
}

/** Whether the metric went down over training (a loss), so the upper right of the plot is free. */
function falling(values: ArrayLike<number>): boolean {
  let first = Number.NaN
  let last = Number.NaN
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!
    if (Number.isFinite(v)) {
      if (Number.isNaN(first)) first = v
      last = v
    }
  }
  return !(last > first)
}
