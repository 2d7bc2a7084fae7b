import {
  axesSvg,
  emptySvgChart,
  formatCount,
  legendSvg,
  numericAxis,
  plotArea,
  pointsSvg,
  segmentSvg,
  svgChart,
} from '../../shared/index.js'
import type { Residuals } from './training-report.js'

/** The most points the scatter draws: enough to show the shape, small enough for the page. */
export const MAX_SCATTER_POINTS = 2000

/**
 * Actual against predicted values, one translucent dot per row (evenly spaced rows when there are more
 * than `MAX_SCATTER_POINTS`), over the `actual = predicted` diagonal; both axes share one domain so the
 * diagonal is at 45°. Non-finite pairs are skipped. Returns the chart and a caption with the counts.
 */
export function residualsSvg(residuals: Residuals): { readonly svg: string; readonly caption: string } {
  const title = 'Predicted vs actual'
  const { predicted, actual } = downsample(residuals)
  const x = numericAxis('predicted', [predicted, actual])
  const y = { ...x, title: 'actual' }
  const area = plotArea(x, y, 440)
  const points = pointsSvg(predicted, actual, area, 'points')
  const n = Math.min(residuals.predicted.length, residuals.actual.length)
  const caption =
    predicted.length < n
      ? `${formatCount(predicted.length)} of ${formatCount(n)} rows, evenly spaced`
      : `${formatCount(n)} rows`
  if (!points.includes('<circle')) return { svg: emptySvgChart('no finite pairs to draw', title), caption }
  const svg = svgChart(area.width, area.height, title, [
    axesSvg(area, x, y),
    segmentSvg(area, [x.min, x.min], [x.max, x.max], 'reference', 'actual = predicted'),
    points,
    legendSvg(
      area,
      [
        { label: 'rows', className: 'points', swatch: true },
        { label: 'actual = predicted', className: 'reference' },
      ],
      'bottom-right',
    ),
  ])
  return { svg, caption }
}

/** Every k-th row (k fractional) so that at most `MAX_SCATTER_POINTS` remain, spread over all rows. */
function downsample(residuals: Residuals): { predicted: Float64Array; actual: Float64Array } {
  const n = Math.min(residuals.predicted.length, residuals.actual.length)
  const m = Math.min(n, MAX_SCATTER_POINTS)
  const predicted = new Float64Array(m)
  const actual = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    const i = Math.floor((k * n) / m)
    predicted[k] = residuals.predicted[i]!
    actual[k] = residuals.actual[i]!
  }
  return { predicted, actual }
}
