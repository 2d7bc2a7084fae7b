import {
  emptySvgChart,
  formatCount,
  formatNumber,
  formatPercent,
  horizontalBarsSvg,
} from '../../shared/index.js'
import type { FeatureImportance, TrainingReport } from './training-report.js'

/** How many features the chart shows. */
export const TOP_FEATURES = 20

/**
 * The features with the largest gain (at most `TOP_FEATURES`), as horizontal bars labelled with the
 * gain and its share of the total; tooltips add the full name and, for GBDT, the split count.
 * Non-finite gains sort last and draw no bar. Returns the chart and a caption saying what it shows.
 */
export function importanceSvg(
  importance: readonly FeatureImportance[],
  modelKind: TrainingReport['modelKind'],
): { readonly svg: string; readonly caption: string } {
  if (importance.length === 0)
    return { svg: emptySvgChart('no feature importances', 'Feature importance'), caption: 'No features' }
  const rank = (f: FeatureImportance) => (Number.isFinite(f.gain) ? f.gain : Number.NEGATIVE_INFINITY)
  const top = [...importance].sort((a, b) => rank(b) - rank(a) || 0).slice(0, TOP_FEATURES)
  const total = importance.reduce((s, f) => s + (Number.isFinite(f.gain) && f.gain > 0 ? f.gain : 0), 0)
  const share = (gain: number) => (total > 0 && Number.isFinite(gain) ? formatPercent(gain / total) : '—')
  const bars = top.map((f) => {
    const gain = formatNumber(f.gain, 4)
    const splits = modelKind === 'gbdt' ? `, ${formatCount(f.split)} splits` : ''
    return {
      label: f.feature,
      value: f.gain,
      text: `${gain} · ${share(f.gain)}`,
      tip: `${f.feature}: gain ${gain} (${share(f.gain)} of total)${splits}`,
    }
  })
  const shown =
    top.length < importance.length ? `Top ${top.length} of ${formatCount(importance.length)}` : 'All'
  return {
    svg: horizontalBarsSvg(bars, 'Feature importance by gain', {
      labelWidth: 200,
      valueWidth: 110,
      maxLabel: 26,
    }),
    caption: `${shown} features by gain`,
  }
}
