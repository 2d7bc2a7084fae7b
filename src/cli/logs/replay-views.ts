import type {
  ReplayedRequest,
  ReplayedRow,
  ReplayReport,
  ReplayStatus,
  ReplaySummary,
} from '../../serving/index.js'
import { formatNumber } from '../output/format.js'
import { indent } from '../output/sections.js'
import { renderFields, renderTable } from '../output/table.js'
import { formatLogged, keyOutputs } from './logged-values.js'
import { formatVersion } from './prediction-views.js'

/** Statuses as people read them, in the order the summary lists them. */
const STATUS_TEXT: Readonly<Record<ReplayStatus, string>> = {
  answered: 'answered',
  'now-answers': 'now answers',
  'still-errors': 'still errors',
  'now-errors': 'now errors',
  'no-inputs': 'nothing to replay',
}

/**
 * The `shipyard replay` page: each request with the versions it ran on and how it fared, its errors,
 * and its rows' key outputs side by side (logged, new, new − logged; `changed` for a label), then the
 * summary.
 */
export function renderReplay(report: ReplayReport): string {
  return [...report.requests.map(renderRequest), renderSummary(report.summary)].join('\n')
}

function renderRequest(request: ReplayedRequest): string {
  const versions =
    request.replayedVersion === null
      ? `logged ${formatVersion(request.loggedVersion)}`
      : `logged ${formatVersion(request.loggedVersion)} -> replayed ${formatVersion(request.replayedVersion)}`
  const title = `request ${request.requestId} (${request.model}, ${request.arm}): ${versions}: ${STATUS_TEXT[request.status]}\n`
  const errors: [string, string][] = []
  if (request.loggedError)
    errors.push(['logged error', `${request.loggedError.code}: ${request.loggedError.message}`])
  if (request.replayedError)
    errors.push(['new error', `${request.replayedError.code}: ${request.replayedError.message}`])
  const body =
    (errors.length > 0 ? renderFields(errors) : '') + (hasOutputs(request) ? renderRows(request.rows) : '')
  return title + indent(body)
}

function hasOutputs(request: ReplayedRequest): boolean {
  return request.rows.some((row) => Object.keys(row.logged).length + Object.keys(row.replayed).length > 0)
}

function renderRows(rows: readonly ReplayedRow[]): string {
  const lines: string[][] = []
  for (const row of rows) {
    for (const output of keyOutputs({ ...row.logged, ...row.replayed })) {
      lines.push([
        String(row.row),
        output,
        formatLogged(row.logged[output]),
        formatLogged(row.replayed[output]),
        difference(row, output),
      ])
    }
  }
  return renderTable(
    [
      { header: 'ROW', align: 'right' },
      { header: 'OUTPUT' },
      { header: 'LOGGED', align: 'right' },
      { header: 'NEW', align: 'right' },
      { header: 'DIFF', align: 'right' },
    ],
    lines,
  )
}

function difference(row: ReplayedRow, output: string): string {
  if (output === 'label' && row.labelChanged !== null) return row.labelChanged ? 'changed' : 'same'
  const value = row.differences[output]
  if (value === undefined) return ''
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value)
}

function renderSummary(summary: ReplaySummary): string {
  const statuses = (Object.keys(STATUS_TEXT) as ReplayStatus[])
    .filter((status) => summary.statuses[status] > 0)
    .map((status) => `${STATUS_TEXT[status]} ${summary.statuses[status]}`)
  const max =
    summary.maxAbsDifference === null
      ? '-'
      : `${formatNumber(summary.maxAbsDifference)} (${summary.maxAbsDifferenceOutput})`
  return `summary:\n${indent(
    renderFields([
      ['requests', statuses.length === 0 ? '0' : `${summary.requests} (${statuses.join(', ')})`],
      ['rows replayed', String(summary.rows)],
      ['labels changed', String(summary.labelsChanged)],
      ['max |difference|', max],
    ]),
  )}`
}
