import {
  checkFinite,
  checkLength,
  checkRows,
  checkWeights,
  type Scores,
  type WeightOptions,
} from './metric-inputs.js'

/**
 * The metrics of a regressor, flat numbers named as they are logged to tracking. All are
 * (sample-weighted) means over the rows.
 */
export interface RegressionMetrics {
  readonly rmse: number
  readonly mae: number
  /**
   * Coefficient of determination, 1 − SSE / SST (SST about the weighted mean label). When the labels
   * are constant (SST = 0) it is 1 for perfect predictions and 0 otherwise, as scikit-learn's
   * `r2_score` (`force_finite=True`), instead of NaN or −Infinity, so it stays loggable.
   */
  readonly r2: number
  /**
   * Mean absolute percentage error as a fraction (0.1 = 10 %), scikit-learn's
   * `mean_absolute_percentage_error`: mean of |y − ŷ| / max(|y|, 2.22e-16). A zero label is not
   * skipped: its row contributes |ŷ| / 2.22e-16, so any miss on it makes MAPE astronomically large,
   * which is the honest signal that MAPE does not suit targets that can be 0.
   */
  readonly mape: number
}

/** The smallest denominator MAPE divides by: float64 machine epsilon, as scikit-learn. */
export const MAPE_EPSILON = 2.220446049250313e-16

/**
 * RMSE, MAE, R² and MAPE of `predictions` against `labels`, as scikit-learn's functions of the same
 * names. Throws `INVALID_PARAMETER_VALUE` on empty input, mismatched lengths, non-finite labels or
 * predictions, or bad weights.
 */
export function regressionMetrics(
  labels: Float64Array,
  predictions: Scores,
  options: WeightOptions = {},
): RegressionMetrics {
  const rows = checkRows(labels)
  checkFinite('labels', labels)
  checkLength('predictions', predictions, rows)
  checkFinite('predictions', predictions)
  checkWeights(options.weights, rows)
  const weights = options.weights
  let total = 0
  let mean = 0
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : weights[i]!
    total += w
    mean += w * labels[i]!
  }
  mean /= total
  let squared = 0
  let absolute = 0
  let relative = 0
  let spread = 0
  let constant = true
  for (let i = 0; i < rows; i++) {
    const w = weights === undefined ? 1 : weights[i]!
    const y = labels[i]!
    const error = Math.abs(y - predictions[i]!)
    squared += w * error * error
    absolute += w * error
    relative += (w * error) / Math.max(Math.abs(y), MAPE_EPSILON)
    spread += w * (y - mean) ** 2
    constant &&= y === labels[0]
  }
  return {
    rmse: Math.sqrt(squared / total),
    mae: absolute / total,
    // Constant labels are tested exactly: the rounded mean of equal values may differ from them,
    // leaving a spread of 1e-34 that would turn R² into a huge negative number.
    r2: !constant && spread > 0 ? 1 - squared / spread : squared === 0 ? 1 : 0,
    mape: relative / total,
  }
}
