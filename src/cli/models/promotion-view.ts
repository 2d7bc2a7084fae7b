import type { PromotionResult } from '../../sdk/index.js'
import { formatNumber } from '../output/format.js'
import { renderTable } from '../output/table.js'

/** Which promotion a result belongs to, as the command line named it. */
export interface PromotionNames {
  readonly name: string
  readonly from: string
  readonly to: string
}

/**
 * The `models promote` report: each requirement with both values and its verdict, the metrics of
 * both versions side by side, then what happened to the alias and the run that logged it.
 */
export function renderPromotion(result: PromotionResult, names: PromotionNames): string {
  const { versions, metrics } = result
  const incumbent =
    versions.to === null ? `'${names.to}' (no version yet)` : `version ${versions.to} ('${names.to}')`
  const value = (v: number | null) => (v === null ? '-' : formatNumber(v))
  const requirements = renderTable(
    [
      { header: 'REQUIREMENT' },
      { header: 'LEFT', align: 'right' },
      { header: 'RIGHT', align: 'right' },
      { header: 'RESULT' },
    ],
    result.requirements.map((o) => [o.requirement, value(o.left), value(o.right), verdict(o)]),
  )
  const keys = Object.keys(metrics.from.metrics).sort()
  const comparison = renderTable(
    [
      { header: 'METRIC' },
      { header: `${names.from} (v${versions.from})`, align: 'right' },
      ...(metrics.to ? [{ header: `${names.to} (v${versions.to})`, align: 'right' as const }] : []),
    ],
    keys.map((key) => [
      key,
      formatNumber(metrics.from.metrics[key]!),
      ...(metrics.to ? [value(metrics.to.metrics[key] ?? null)] : []),
    ]),
  )
  return [
    `'${names.name}': candidate version ${versions.from} ('${names.from}') against ${incumbent} on ` +
      `${metrics.from.rowCount} rows (fingerprint ${result.dataFingerprint.slice(0, 12)})\n`,
    requirements,
    comparison,
    `${outcome(result, names)}\nLogged as run ${result.runId}\n`,
  ].join('\n')
}

function verdict(outcome: PromotionResult['requirements'][number]): string {
  if (outcome.passed) return 'pass'
  return outcome.reason === undefined ? 'FAIL' : `FAIL: ${outcome.reason}`
}

function outcome(result: PromotionResult, names: PromotionNames): string {
  if (result.moved) {
    const was = result.versions.to === null ? 'new' : `was version ${result.versions.to}`
    return `Promoted: '${names.to}' now points at version ${result.versions.from} (${was}).`
  }
  if (result.passed) return `Passed: '${names.to}' already points at version ${result.versions.from}.`
  const stays =
    result.versions.to === null ? 'points at no version' : `stays at version ${result.versions.to}`
  return `Refused: '${names.to}' ${stays}.`
}
