import type { PredictionRecord } from '../../monitoring/index.js'
import { formatNumber, formatTime } from '../output/format.js'
import { entriesByKey, indent, renderSection } from '../output/sections.js'
import { renderFields, renderTable } from '../output/table.js'
import { formatLogged, outputsInBrief } from './logged-values.js'

/** `v3`, or `-` for a record whose request never reached a version. */
export function formatVersion(version: number | null): string {
  return version === null ? '-' : `v${version}`
}

function formatLatency(ms: number): string {
  return `${formatNumber(ms)}ms`
}

/**
 * The `shipyard logs` table, one line per logged row in the order given (newest first): time, request
 * id and row, model, version, arm, the key outputs (see `keyOutputs`), latency, cache and error code.
 */
export function renderPredictionTable(records: readonly PredictionRecord[]): string {
  return renderTable(
    [
      { header: 'TIME' },
      { header: 'REQUEST' },
      { header: 'ROW', align: 'right' },
      { header: 'MODEL' },
      { header: 'VERSION' },
      { header: 'ARM' },
      { header: 'OUTPUTS' },
      { header: 'LATENCY', align: 'right' },
      { header: 'CACHE' },
      { header: 'ERROR' },
    ],
    records.map((r) => [
      formatTime(r.time),
      r.requestId,
      String(r.row),
      r.model,
      formatVersion(r.version),
      r.arm,
      outputsInBrief(r.outputs),
      formatLatency(r.latencyMs),
      r.cache,
      r.errorCode ?? '-',
    ]),
  )
}

const KEY_VALUE = [{ header: 'KEY' }, { header: 'VALUE' }] as const

/**
 * The `shipyard logs show` page: what the request's records share (id, model, time, latency, cache),
 * then each record whole: its arm and version, inputs, outputs and error. Records come as
 * `loggedRequest` orders them.
 */
export function renderLoggedRequest(records: readonly PredictionRecord[]): string {
  const first = records[0]!
  const header = renderFields([
    ['request', first.requestId],
    ['model', first.model],
    ['time', formatTime(first.time)],
    ['latency', formatLatency(first.latencyMs)],
    ['cache', first.cache],
    ['rows', String(new Set(records.map((r) => r.row)).size)],
  ])
  return [header, ...records.map(renderRecord)].join('\n')
}

function renderRecord(record: PredictionRecord): string {
  const alias = record.alias === null ? '' : `, alias ${record.alias}`
  const title = `row ${record.row} (${record.arm}, ${formatVersion(record.version)}${alias}):\n`
  const cells = (values: PredictionRecord['inputs']) =>
    entriesByKey(values).map(([key, value]) => [key, formatLogged(value)])
  const error =
    record.errorCode === null ? '' : `error: ${record.errorCode}: ${record.errorMessage ?? '(no message)'}\n`
  return (
    title +
    indent(
      renderSection('inputs', KEY_VALUE, cells(record.inputs)) +
        renderSection('outputs', KEY_VALUE, cells(record.outputs)) +
        error,
    )
  )
}
