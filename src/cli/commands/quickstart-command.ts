import { join } from 'node:path'
import type { Command } from 'commander'
import type { CliIo } from '../cli-io.js'
import {
  configFor,
  describeTarget,
  type GlobalOptions,
  globalOptions,
  withShipyard,
} from '../global-options.js'
import { printJson } from '../output/json-output.js'
import { ProgressBar } from '../output/progress-bar.js'
import { renderTable } from '../output/table.js'
import { describeProduction } from '../quickstart/production-text.js'
import type { QuickstartSummary } from '../quickstart/quickstart-demo.js'
import type { QuickstartDeployment, QuickstartProduction } from '../quickstart/quickstart-deploy.js'

/**
 * `shipyard quickstart`: logs the demo sweep (see `logQuickstartDemo`) into the configured store,
 * then, with a local store, deploys the best model and runs the production loop on it
 * (`deployQuickstartModel`: served traffic in the prediction log, feedback, an explanation, a replay
 * and the monitor report), and prints what happened and the commands to try next, with the real run
 * and request ids. With `--json`, prints `{ experimentId, experimentName, dataPath, parentRunId,
 * runs, deployment, production, store, next }` instead (`deployment` and `production` null against
 * a tracking server, whose registry and log are its own).
 */
export function registerQuickstartCommand(program: Command, io: CliIo): void {
  program
    .command('quickstart')
    .description(
      'run the development loop on a demo churn table (load, validate, profile, split, features, train, track), then the production loop on the best model (serve, log, feedback, explain, replay, monitor), and show what to do next',
    )
    .action(async (_options: unknown, command: Command) => {
      const global = globalOptions(command)
      const config = configFor(global)
      const store = describeTarget(config)
      // Loaded on use: the demo pulls in DuckDB and onnxruntime, which no other command needs at start.
      const [{ logQuickstartDemo, QUICKSTART_TOTAL_ITERATIONS }, { deployQuickstartModel }] =
        await Promise.all([
          import('../quickstart/quickstart-demo.js'),
          import('../quickstart/quickstart-deploy.js'),
        ])
      const bar = new ProgressBar(io.stderr, 'training', QUICKSTART_TOTAL_ITERATIONS)
      const dataDir = join(config.home, 'quickstart')
      const remote = config.trackingUri !== null
      const { summary, deployment, production } = await withShipyard(global, async (shipyard) => {
        const { summary, holdout } = await logQuickstartDemo(shipyard, dataDir, () => bar.tick())
        bar.done()
        // The registry lives in the metadata database, which a remote tracking server keeps to itself.
        if (remote) return { summary, deployment: null, production: null }
        const inputs = { logConfig: config, holdout, outputDir: dataDir }
        return { summary, ...(await deployQuickstartModel(shipyard, summary.runs, inputs)) }
      })
      const next = nextSteps(summary, global, remote, deployment, production)
      if (global.json) return printJson(io.stdout, { ...summary, deployment, production, store, next })
      io.stdout.write(
        `Loaded, validated and profiled ${summary.dataPath} and split it; trained ${summary.runs.length} models on\n` +
          `the training part (feature pipeline, model, model.onnx, report.html) and logged them (under\n` +
          `'churn-sweep') to experiment '${summary.experimentName}' (id ${summary.experimentId}) in ${store}\n\n`,
      )
      io.stdout.write(
        renderTable(
          [
            { header: 'RUN ID' },
            { header: 'NAME' },
            { header: 'valid_roc_auc', align: 'right' },
            { header: 'valid_accuracy', align: 'right' },
            { header: 'valid_logloss', align: 'right' },
          ],
          summary.runs.map((r) => [
            r.runId,
            r.runName,
            r.validAuc.toFixed(4),
            r.validAccuracy.toFixed(4),
            r.validLogloss.toFixed(4),
          ]),
        ),
      )
      if (deployment !== null) io.stdout.write(describeDeployment(deployment))
      if (production !== null) io.stdout.write(describeProduction(production))
      io.stdout.write(`\nNext steps:\n${next.map((step) => `  ${step}`).join('\n')}\n`)
      io.stdout.write(
        '\nMLflow clients work too: with the server running, set MLFLOW_TRACKING_URI=http://127.0.0.1:5000\n' +
          "and use MLflow's Python or JavaScript client as usual.\n",
      )
    })
}

/** The commands to try next (no `server` when one is in use already), with the flags that pointed this run at its store so that they find it too. */
function nextSteps(
  summary: QuickstartSummary,
  global: GlobalOptions,
  remote: boolean,
  deployment: QuickstartDeployment | null,
  production: QuickstartProduction | null,
): string[] {
  const storeFlags = [
    global.home === undefined ? '' : ` --home ${quote(global.home)}`,
    global.databaseUrl === undefined ? '' : ` --database-url ${quote(global.databaseUrl)}`,
  ].join('')
  const flags =
    storeFlags + (global.trackingUri === undefined ? '' : ` --tracking-uri ${quote(global.trackingUri)}`)
  const first = summary.runs[0]
  const last = summary.runs.at(-1)
  return [
    `npx shipyard data profile ${quote(summary.dataPath)} --html churn-profile.html`,
    `npx shipyard runs list --experiment ${summary.experimentName} --order-by "metrics.valid_roc_auc DESC"${flags}`,
    ...(first && last ? [`npx shipyard runs compare ${first.runId} ${last.runId}${flags}`] : []),
    ...(first ? [`npx shipyard runs show ${first.runId}${flags}`] : []),
    // Against a server, one is already running; the hint would start a second on the same data.
    ...(remote ? [] : [`npx shipyard server${storeFlags}`]),
    ...(deployment === null ? [] : serveSteps(deployment, storeFlags)),
    ...(deployment === null || production === null
      ? []
      : productionSteps(deployment, production, storeFlags)),
  ]
}

/** Reading back what the production loop logged: its records, the explained request, the monitor, the late labels. */
function productionSteps(
  { model }: QuickstartDeployment,
  { explanation, feedback }: QuickstartProduction,
  storeFlags: string,
): string[] {
  const id = explanation.requestId
  return [
    `npx shipyard logs --model ${model} --limit 5${storeFlags}`,
    `npx shipyard logs show ${id}${storeFlags}`,
    `npx shipyard replay ${id}${storeFlags}`,
    `npx shipyard explain ${id}${storeFlags}`,
    `npx shipyard monitor ${model} --html monitor.html${storeFlags}`,
    `npx shipyard feedback --file ${quote(feedback.lateLabelsFile)}${storeFlags}   # the ${feedback.late} late labels, CSV request_id,label`,
  ]
}

/** Serving the deployed model, and one prediction from it with curl. */
function serveSteps({ model, alias, request }: QuickstartDeployment, storeFlags: string): string[] {
  const [customer] = (request.body as { instances: readonly unknown[] }).instances
  return [
    `npx shipyard models show ${model}${storeFlags}`,
    `npx shipyard serve --model ${model}@${alias}${storeFlags}   # then, in another terminal:`,
    `curl -s http://127.0.0.1:8080${request.path} -d '${JSON.stringify({ instances: [customer] })}'`,
  ]
}

/** What was registered and served, and the server's answer per customer. */
function describeDeployment(deployment: QuickstartDeployment): string {
  const { model, version, alias, runName, request, response } = deployment
  const customers = (request.body as { instances: readonly unknown[] }).instances
  const lines = customers.map((customer, i) => {
    const prediction = response.predictions[i] as { label: unknown; probabilities: Record<string, number> }
    const churn = prediction.probabilities['1'] ?? Number.NaN
    return `  ${JSON.stringify(customer)}\n    -> churned ${String(prediction.label)} (p = ${churn.toFixed(3)})`
  })
  return (
    `\nRegistered the best run (${runName}) as '${model}' version ${version}, pointed '${alias}' at it, served\n` +
    `it on a local port and asked POST ${request.path} (version ${response.modelVersion} answered):\n` +
    `${lines.join('\n')}\n`
  )
}

/** Quotes a value for a POSIX shell when it needs it. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`
}
