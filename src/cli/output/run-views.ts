import type { ArtifactInfo, Experiment, Run } from '../../tracking/index.js'
import { formatBytes, formatDuration, formatNumber, formatTime } from './format.js'
import type { RunComparison } from './run-comparison.js'
import { entriesByKey, indent, renderSection } from './sections.js'
import { renderFields, renderTable } from './table.js'

/** How many metric columns `runs list` shows: enough to compare, few enough to fit a terminal. */
export const LIST_METRIC_COLUMNS = 4

/**
 * The `runs list` table: id, name, experiment, status, start (ISO), duration, then the latest value
 * of up to four metrics: those the sort names first, then the keys most runs have, by name.
 */
export function renderRunTable(
  runs: readonly Run[],
  experimentNames: ReadonlyMap<string, string>,
  preferredMetrics: readonly string[] = [],
): string {
  const metricKeys = pickMetricKeys(runs, preferredMetrics)
  return renderTable(
    [
      { header: 'RUN ID' },
      { header: 'NAME' },
      { header: 'EXPERIMENT' },
      { header: 'STATUS' },
      { header: 'START' },
      { header: 'DURATION', align: 'right' },
      ...metricKeys.map((key) => ({ header: key, align: 'right' as const })),
    ],
    runs.map(({ info, data }) => [
      info.runId,
      info.runName,
      experimentNames.get(info.experimentId) ?? info.experimentId,
      info.status,
      formatTime(info.startTime),
      formatDuration(info.startTime, info.endTime),
      ...metricKeys.map((key) => {
        const metric = data.metrics[key]
        return metric === undefined ? '-' : formatNumber(metric.value)
      }),
    ]),
  )
}

function pickMetricKeys(runs: readonly Run[], preferred: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const run of runs)
    for (const key of Object.keys(run.data.metrics)) counts.set(key, (counts.get(key) ?? 0) + 1)
  const rest = [...counts.keys()]
    .filter((key) => !preferred.includes(key))
    .sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b))
  return [...preferred.filter((key) => counts.has(key)), ...rest].slice(0, LIST_METRIC_COLUMNS)
}

/** The `runs show` page: the run's info, then its params, tags, latest metrics and artifacts. */
export function renderRunDetails(
  run: Run,
  experiment: Experiment | null,
  artifacts: readonly ArtifactInfo[],
): string {
  const { info, data } = run
  const fields: [string, string][] = [
    ['run id', info.runId],
    ['name', info.runName],
    ['experiment', experiment ? `${experiment.name} (id ${info.experimentId})` : info.experimentId],
    ['status', info.lifecycleStage === 'deleted' ? `${info.status} (deleted)` : info.status],
    ['start', formatTime(info.startTime)],
    ['end', formatTime(info.endTime)],
    ['duration', formatDuration(info.startTime, info.endTime)],
    ['user', info.userId || '-'],
    ['artifact uri', info.artifactUri],
  ]
  if (info.parentRunId !== null) fields.push(['parent run', info.parentRunId])
  return [
    renderFields(fields),
    renderSection('params', [{ header: 'KEY' }, { header: 'VALUE' }], entriesByKey(data.params)),
    renderSection('tags', [{ header: 'KEY' }, { header: 'VALUE' }], entriesByKey(data.tags)),
    renderSection(
      'metrics (latest)',
      [
        { header: 'KEY' },
        { header: 'VALUE', align: 'right' },
        { header: 'STEP', align: 'right' },
        { header: 'TIME' },
      ],
      entriesByKey(data.metrics).map(([key, m]) => [
        key,
        formatNumber(m.value),
        String(m.step),
        formatTime(m.timestamp),
      ]),
    ),
    renderSection(
      'artifacts',
      [{ header: 'PATH' }, { header: 'SIZE', align: 'right' }, { header: 'SHA256' }],
      artifacts
        .filter((a) => !a.isDir)
        .map((a) => [a.path, formatBytes(a.fileSize), a.sha256 === undefined ? '-' : a.sha256.slice(0, 16)]),
    ),
  ].join('\n')
}

/**
 * The `runs compare` tables: params, then final metrics, one column per run; rows whose values
 * differ are marked `*` in the first column.
 */
export function renderRunComparison(comparison: RunComparison): string {
  const columns = [
    { header: '' },
    { header: 'KEY' },
    ...comparison.runs.map((run) => ({ header: `${run.runName} (${run.runId.slice(0, 8)})` })),
  ]
  const mark = (differs: boolean) => (differs ? '*' : '')
  const params = comparison.params.map((row) => [
    mark(row.differs),
    row.key,
    ...row.values.map((v) => v ?? '-'),
  ])
  const metrics = comparison.metrics.map((row) => [
    mark(row.differs),
    row.key,
    ...row.values.map((v) => (v === null ? '-' : formatNumber(v))),
  ])
  return [
    renderSection('params', columns, params),
    metrics.length === 0 ? 'metrics: none\n' : `metrics (final):\n${indent(renderTable(columns, metrics))}`,
    '* the runs differ in this row\n',
  ].join('\n')
}
