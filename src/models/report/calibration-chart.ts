import {
  axesSvg,
  emptySvgChart,
  escapeHtml,
  fixedAxis,
  formatCount,
  formatNumber,
  legendSvg,
  linePathSvg,
  type PlotArea,
  plotArea,
  segmentSvg,
  svgChart,
  svgCoord,
} from '../../shared/index.js'
import type { CalibrationBin } from './training-report.js'

/** The tallest count bar, as a share of the plot height: low enough to stay under most curves. */
const BAR_SHARE = 0.22
/** Above this many bins the count labels would collide; the tooltips still carry them. */
const MAX_COUNT_LABELS = 15

/**
 * A reliability diagram: observed positive rate against mean predicted probability per bin, joined
 * by a line with a marker per bin, over the perfect-calibration diagonal; grey bars along the bottom
 * show each bin's row count (labelled, and in every marker's and bar's tooltip). Empty bins and
 * non-finite values are skipped.
 */
export function calibrationSvg(bins: readonly CalibrationBin[]): string {
  const caption = 'Reliability diagram'
  const x = fixedAxis('mean predicted probability', 0, 1)
  const y = fixedAxis('fraction of positives', 0, 1)
  const area = plotArea(x, y, 400)
  const drawn = bins.filter(
    (b) => b.count > 0 && Number.isFinite(b.meanPredicted) && Number.isFinite(b.fractionPositive),
  )
  if (drawn.length === 0) return emptySvgChart('no populated bins to draw', caption)
  const line = linePathSvg(
    drawn.map((b) => b.meanPredicted),
    drawn.map((b) => b.fractionPositive),
    area,
    'series s1',
  )
  return svgChart(area.width, area.height, caption, [
    axesSvg(area, x, y),
    countBars(drawn, area),
    segmentSvg(area, [0, 0], [1, 1], 'reference', 'perfectly calibrated'),
    line,
    ...drawn.map((b) => marker(b, area)),
    legendSvg(
      area,
      [
        { label: 'model', className: 'series s1' },
        { label: 'perfectly calibrated', className: 'reference' },
        { label: 'rows per bin', className: 'count-bar', swatch: true },
      ],
      'top-left',
    ),
  ])
}

function countBars(bins: readonly CalibrationBin[], area: PlotArea): string {
  const peak = Math.max(...bins.map((b) => (Number.isFinite(b.count) ? b.count : 0)), 1)
  const width = Math.min(26, (area.right - area.left) / (bins.length * 1.4))
  const labelled = bins.length <= MAX_COUNT_LABELS
  return bins
    .map((b) => {
      const count = Number.isFinite(b.count) ? b.count : 0
      const h = (count / peak) * BAR_SHARE * (area.bottom - area.top)
      const cx = area.x(b.meanPredicted)
      const bar = `<rect class="count-bar" x="${svgCoord(cx - width / 2)}" y="${svgCoord(area.bottom - h)}" width="${svgCoord(width)}" height="${svgCoord(h)}"><title>${escapeHtml(binTip(b))}</title></rect>`
      const label = labelled
        ? `<text class="count-label" x="${svgCoord(cx)}" y="${svgCoord(area.bottom - h - 3)}" text-anchor="middle">${escapeHtml(formatCount(b.count))}</text>`
        : ''
      return bar + label
    })
    .join('')
}

function marker(b: CalibrationBin, area: PlotArea): string {
  return `<circle class="marker" cx="${svgCoord(area.x(b.meanPredicted))}" cy="${svgCoord(area.y(b.fractionPositive))}" r="3.5"><title>${escapeHtml(binTip(b))}</title></circle>`
}

function binTip(b: CalibrationBin): string {
  return `predicted ${formatNumber(b.meanPredicted, 3)}, observed ${formatNumber(b.fractionPositive, 3)}, ${formatCount(b.count)} rows`
}
