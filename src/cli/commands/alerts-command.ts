import { type Command, Option } from 'commander'
import type { AlertRecord, AlertStatus } from '../../monitoring/index.js'
import type { CliIo } from '../cli-io.js'
import { integerIn } from '../flag-values.js'
import { configFor, globalOptions } from '../global-options.js'
import { formatNumber, formatTime } from '../output/format.js'
import { printJson } from '../output/json-output.js'
import { renderTable } from '../output/table.js'

interface AlertsFlags {
  readonly model?: string
  readonly state?: AlertStatus
  readonly limit: number
}

/**
 * `shipyard alerts [--model M] [--state firing|resolved] [--limit N]`: the alerts the monitor schedule
 * of `shipyard serve --alerts` recorded in the metadata database, newest first: when each fired and
 * resolved, its value against the threshold, how its webhook calls went and what became of its
 * retraining command. `--json` prints `{alerts: [records]}`.
 */
export function registerAlertsCommand(program: Command, io: CliIo): void {
  program
    .command('alerts')
    .description('alerts fired by the monitor schedule of `shipyard serve --alerts`, newest first')
    .option('--model <name>', 'only this model')
    .addOption(
      new Option('--state <state>', 'only firing or resolved alerts').choices(['firing', 'resolved']),
    )
    .option('--limit <n>', 'most alerts listed', integerIn('limit', 1, 100_000), 50)
    .action(async (flags: AlertsFlags, command: Command) => {
      const global = globalOptions(command)
      // Loaded on use: the monitoring context pulls in DuckDB, which other commands do not need.
      const { openAlertStore } = await import('../../monitoring/index.js')
      const store = await openAlertStore(configFor(global).database)
      let alerts: AlertRecord[]
      try {
        alerts = await store.list({
          ...(flags.model === undefined ? {} : { model: flags.model }),
          ...(flags.state === undefined ? {} : { state: flags.state }),
          limit: flags.limit,
        })
      } finally {
        await store.close()
      }
      if (global.json) return printJson(io.stdout, { alerts })
      if (alerts.length === 0) return io.stdout.write('no alerts\n')
      io.stdout.write(renderAlerts(alerts))
    })
}

function renderAlerts(alerts: readonly AlertRecord[]): string {
  return renderTable(
    [
      { header: 'FIRED' },
      { header: 'MODEL' },
      { header: 'CONDITION' },
      { header: 'STATE' },
      { header: 'VALUE', align: 'right' },
      { header: 'THRESHOLD', align: 'right' },
      { header: 'RESOLVED' },
      { header: 'WEBHOOK' },
      { header: 'RETRAIN' },
      { header: 'ID' },
    ],
    alerts.map((a) => [
      formatTime(a.firedAt),
      a.version === null ? a.model : `${a.model} v${a.version}`,
      a.condition,
      a.state,
      formatNumber(a.value),
      formatNumber(a.threshold),
      formatTime(a.resolvedAt),
      webhookCell(a.webhook),
      retrainCell(a.retrain),
      a.id,
    ]),
  )
}

/** `sent` when every call went through, else the failure; `-` without a webhook. */
function webhookCell(webhook: AlertRecord['webhook']): string {
  const calls = [webhook.firing, webhook.resolved].filter((d) => d !== null)
  if (calls.length === 0) return '-'
  const failed = calls.find((d) => !d.delivered)
  return failed ? `failed: ${failed.error}` : 'sent'
}

function retrainCell(retrain: AlertRecord['retrain']): string {
  if (retrain === null) return '-'
  if (retrain.state === 'running') return `running (pid ${retrain.pid ?? '?'})`
  const outcome =
    retrain.state === 'succeeded' ? 'succeeded' : `failed: ${retrain.error ?? `exit ${retrain.exitCode}`}`
  return retrain.runId === null ? outcome : `${outcome}, run ${retrain.runId}`
}
