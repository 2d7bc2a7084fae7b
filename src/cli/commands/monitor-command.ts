import { writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type {
  DriftOptions,
  DriftReport,
  FeatureDrift,
  MonitorReport,
  TrafficSummary,
  VersionMonitor,
} from '../../monitoring/index.js'
import { formatCount, formatInstant, formatPercent, invalidValue } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { readJsonFile } from '../data/json-file.js'
import { versionNumber } from '../flag-values.js'
import { globalOptions, withShipyard } from '../global-options.js'
import { withPredictionLog } from '../logs/open-prediction-log.js'
import { formatNumber } from '../output/format.js'
import { printJson } from '../output/json-output.js'
import { renderTable } from '../output/table.js'

interface MonitorFlags {
  readonly version?: string
  readonly window: string
  readonly html?: string
  readonly driftConfig?: string
}

/**
 * `shipyard monitor NAME [--version V] [--window 24h] [--html report.html]`: a thin adapter over
 * `monitorReport` on the configured registry, run artifacts and prediction log. Prints, per version,
 * its traffic, a table of every feature's drift test, the dataset drift line and live quality beside
 * training quality; `--json` prints the report itself (what `GET /api/v1/models/{name}/monitor`
 * answers); `--html` also writes the HTML report with reference-vs-live charts.
 */
export function registerMonitorCommand(program: Command, io: CliIo): void {
  program
    .command('monitor')
    .description("a model's drift, live quality and traffic over a window, against its training data")
    .argument('<name>', 'the registered model')
    .option('--version <n>', 'one version (3 or v3); default: each version that answered in the window')
    .option('--window <length>', 'how far back from now: 30m, 24h, 7d', '24h')
    .option('--html <file>', 'also write the report as a self-contained HTML page')
    .option(
      '--drift-config <file>',
      'drift settings as JSON: {"features": {"age": {"method": "psi", "threshold": 0.25}}, "defaults": {...}, "driftShare": 0.3}',
    )
    .action(async (name: string, flags: MonitorFlags, command: Command) => {
      const global = globalOptions(command)
      const version = flags.version === undefined ? undefined : versionNumber('--version', flags.version)
      const drift = flags.driftConfig === undefined ? undefined : driftConfig(flags.driftConfig)
      const monitor = await import('../../monitoring/index.js')
      const report = await withShipyard(global, (shipyard) =>
        withPredictionLog(global, (log) =>
          monitor.monitorReport(
            {
              registry: shipyard.registry,
              log,
              references: monitor.runReferenceSource(shipyard.store, shipyard.artifacts),
            },
            {
              model: name,
              window: flags.window,
              ...(version === undefined ? {} : { version }),
              ...(drift === undefined ? {} : { drift }),
            },
          ),
        ),
      )
      if (flags.html !== undefined) await writeFile(flags.html, monitor.renderMonitorHtml(report))
      if (global.json) return printJson(io.stdout, report)
      io.stdout.write(renderSummary(report, monitor.datasetVerdict))
      if (flags.html !== undefined) io.stdout.write(`\nwrote ${flags.html}\n`)
    })
}

/**
 * `--drift-config`: the drift options (`DriftOptions`) as a JSON object; what they say (feature names,
 * methods, thresholds) is checked by the report, naming the feature.
 */
function driftConfig(path: string): DriftOptions {
  const json = readJsonFile(path)
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidValue('--drift-config', `${path} must hold a JSON object of drift options`)
  }
  return json as DriftOptions
}

/** How the dataset drift line reads (`datasetVerdict`, loaded with the monitor). */
type Verdict = (drift: DriftReport) => string

function renderSummary(report: MonitorReport, verdict: Verdict): string {
  const { window } = report
  const head = `${report.model}: last ${window.length} to ${formatInstant(window.until)}\n${trafficLine(report.traffic)}\n`
  if (report.versions.length === 0) return `${head}\nno version answered requests in this window\n`
  return [head, ...report.versions.map((v) => versionSummary(v, verdict))].join('\n')
}

function versionSummary(v: VersionMonitor, verdict: Verdict): string {
  const run = v.runId === null ? '' : ` (run ${v.runId})`
  const lines = [`version ${v.version}${run}`, trafficLine(v.traffic)]
  const live = v.quality?.live
  if (live)
    lines.push(
      `labels: ${formatCount(live.labelledRows)} of ${formatCount(live.loggedRows)} rows${live.coverage === null ? '' : ` (${formatPercent(live.coverage)})`}`,
    )
  let text = `${lines.join('\n')}\n\n`
  if (v.drift.available) {
    const { report } = v.drift
    const features = report.prediction ? [...report.features, report.prediction] : report.features
    text += renderTable(
      [
        { header: 'FEATURE' },
        { header: 'KIND' },
        { header: 'TEST' },
        { header: 'STATISTIC', align: 'right' },
        { header: 'P-VALUE', align: 'right' },
        { header: 'PSI', align: 'right' },
        { header: 'STATUS' },
      ],
      features.map((f) => featureRow(f, f === report.prediction)),
    )
    text += `dataset drift: ${verdict(report)}\n`
  } else text += `drift unavailable: ${v.drift.reason}\n`
  if (v.quality) {
    const { live: quality, training } = v.quality
    const liveMetrics = (quality.metrics ?? {}) as Readonly<Record<string, number | null>>
    text += `\n${renderTable(
      [
        { header: 'QUALITY' },
        { header: `LIVE (${formatCount(quality.scoredRows)} rows)`, align: 'right' },
        {
          header: training.dataset === null ? 'TRAINING' : `TRAINING (${training.dataset.toUpperCase()})`,
          align: 'right',
        },
      ],
      Object.entries(training.metrics).map(([metric, trained]) => [
        metric,
        number(liveMetrics[metric] ?? null),
        number(trained),
      ]),
    )}`
  }
  return text
}

function featureRow(f: FeatureDrift, prediction: boolean): string[] {
  return [
    prediction ? `${f.name} (prediction)` : f.name,
    f.kind,
    f.method,
    number(f.statistic),
    number(f.pValue),
    number(f.psi),
    f.status,
  ]
}

function trafficLine(t: TrafficSummary): string {
  const errors =
    t.errorRate === null ? formatCount(t.errors) : `${formatCount(t.errors)} (${formatPercent(t.errorRate)})`
  const ms = (x: number | null) => (x === null ? '-' : `${number(x)} ms`)
  return `requests ${formatCount(t.requests)} · errors ${errors} · latency p50 ${ms(t.latencyMs.p50)}, p99 ${ms(t.latencyMs.p99)}`
}

function number(x: number | null): string {
  return x === null ? '-' : formatNumber(Number(x.toPrecision(4)))
}
