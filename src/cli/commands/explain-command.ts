import type { Command } from 'commander'
import type { ExplanationJson, OutputExplanationJson } from '../../explain/index.js'
import type { ModelSignature } from '../../models/index.js'
import type { PredictionRecord } from '../../monitoring/index.js'
import type { ModelRegistry, ModelVersion } from '../../registry/index.js'
import { invalidValue } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { integerIn, versionNumber } from '../flag-values.js'
import { type GlobalOptions, globalOptions, withShipyard } from '../global-options.js'
import { formatNumber } from '../output/format.js'
import { printJson } from '../output/json-output.js'
import { indent } from '../output/sections.js'
import { renderTable } from '../output/table.js'

interface ExplainFlags {
  readonly version?: string
  readonly alias?: string
  readonly top: number
}

/** The version to explain with, as the flags name it; neither: the one that answered. */
interface VersionChoice {
  readonly version?: number
  readonly alias?: string
}

/** A logged request explained: which version explained it, and the explanation of its rows. */
interface ExplainedRequest {
  readonly requestId: string
  readonly version: ModelVersion
  /** The version that answered the request when it was logged (null: none was chosen). */
  readonly loggedVersion: number | null
  /** The request's row numbers, in the explanation's row order. */
  readonly rows: readonly number[]
  readonly explanation: ExplanationJson
}

const DEFAULT_TOP = 10
/** Characters of bar on each side of the axis. */
const HALF_BAR = 20

/**
 * `shipyard explain REQUEST_ID [--version V | --alias A] [--top N]`: a thin adapter over the explain
 * context. Reads the request's rows from the prediction log (the arm that answered it), explains them
 * with the version that answered (or the one named), and prints per row the base value, the raw score
 * and the `--top` raw columns with the largest |contribution| as a bar chart around zero; `--json`
 * prints `{requestId, model, version, loggedVersion, rows, explanation}` with the explanation whole,
 * as `POST /v1/models/{name}:explain` gives it.
 */
export function registerExplainCommand(program: Command, io: CliIo): void {
  program
    .command('explain')
    .description(
      "explain a logged request: each input column's contribution to the model's raw score, per row (TreeSHAP for trees, coefficient x value for linear models)",
    )
    .argument('<request-id>')
    .option('--version <n>', 'explain with this version (3 or v3) instead of the one that answered')
    .option('--alias <alias>', 'explain with the version this alias names')
    .option(
      '--top <n>',
      'columns shown per row, largest |contribution| first',
      integerIn('column count', 1, 10_000),
      DEFAULT_TOP,
    )
    .action(async (requestId: string, flags: ExplainFlags, command: Command) => {
      const global = globalOptions(command)
      if (flags.version !== undefined && flags.alias !== undefined) {
        throw invalidValue('--version', 'give --version or --alias, not both')
      }
      const choice: VersionChoice =
        flags.version !== undefined
          ? { version: versionNumber('--version', flags.version) }
          : flags.alias !== undefined
            ? { alias: flags.alias }
            : {}
      const explained = await explainLogged(global, requestId, choice)
      if (!global.json) return io.stdout.write(renderExplained(explained, flags.top))
      printJson(io.stdout, {
        requestId,
        model: explained.version.name,
        version: explained.version.version,
        loggedVersion: explained.loggedVersion,
        rows: explained.rows,
        explanation: explained.explanation,
      })
    })
}

async function explainLogged(
  global: GlobalOptions,
  requestId: string,
  choice: VersionChoice,
): Promise<ExplainedRequest> {
  // Loaded on use: the prediction log, the models and the serving protocol pull in DuckDB and onnxruntime.
  const [
    { loggedRequest },
    { withPredictionLog },
    { explainRows, explanationJson, feedsDataset, VersionModels },
    { buildFeeds, loggedBatch },
  ] = await Promise.all([
    import('../../monitoring/index.js'),
    import('../logs/open-prediction-log.js'),
    import('../../explain/index.js'),
    import('../../serving/index.js'),
  ])
  const records = await withPredictionLog(global, (log) => loggedRequest(log, requestId))
  // The arm that answered comes first; a shadow's records (another version's) are left out.
  const answered = records.filter((record) => record.arm === records[0]!.arm)
  const first = answered[0]!
  if (first.errorCode !== null && answered.every((record) => Object.keys(record.inputs).length === 0)) {
    throw invalidValue(
      'request-id',
      `request '${requestId}' failed before its rows were read (${first.errorCode}: ${first.errorMessage ?? 'no message'}): the log holds no inputs to explain`,
    )
  }
  return withShipyard(global, async (shipyard) => {
    const version = await versionFor(shipyard.registry, first, choice)
    const models = new VersionModels({ tracking: shipyard.store, artifacts: shipyard.artifacts })
    const model = await models.trainedModel(version)
    const signature = version.signature
    const answeredBy = await answeringSignature(shipyard.registry, first, version)
    // As a replay reads them: columns this version does not take are ignored, every row is explained.
    const feeds = buildFeeds(loggedBatch(answered, signature, answeredBy), signature, {
      unknownColumns: 'ignore',
      maxRows: Number.MAX_SAFE_INTEGER,
    })
    return {
      requestId,
      version,
      loggedVersion: first.version,
      rows: answered.map((record) => record.row),
      explanation: explanationJson(model, explainRows(model, feedsDataset(model.pipeline.inputs, feeds))),
    }
  })
}

/** The signature of the version that answered `record` without an error, when the registry still has it. */
async function answeringSignature(
  registry: ModelRegistry,
  record: PredictionRecord,
  explaining: ModelVersion,
): Promise<ModelSignature | undefined> {
  if (record.errorCode !== null || record.version === null) return undefined
  if (record.version === explaining.version) return explaining.signature
  return registry.getVersion(record.model, record.version).then(
    (v) => v.signature,
    () => undefined,
  )
}

/** The version the choice names, else the one that answered the request. */
function versionFor(
  registry: ModelRegistry,
  record: PredictionRecord,
  choice: VersionChoice,
): Promise<ModelVersion> {
  if (choice.version !== undefined) return registry.getVersion(record.model, choice.version)
  if (choice.alias !== undefined) return registry.resolve(record.model, choice.alias)
  if (record.version === null) {
    throw invalidValue(
      '--version',
      `request '${record.requestId}' reached no version of '${record.model}'; name one with --version or --alias`,
    )
  }
  return registry.getVersion(record.model, record.version)
}

const SPACES: Readonly<Record<ExplanationJson['space'], (json: ExplanationJson) => string>> = {
  log_odds: (json) => `log-odds of class ${JSON.stringify(json.positive_class)}`,
  raw: () => 'raw class scores (before the softmax)',
  value: () => 'predicted values',
}

/** The text page: a header, then per row (and class) its base value, raw score and top columns. */
function renderExplained(explained: ExplainedRequest, top: number): string {
  const { version, loggedVersion, explanation: json } = explained
  const which =
    version.version === loggedVersion
      ? 'the version that answered'
      : `the request was answered by ${loggedVersion === null ? 'no version' : `v${loggedVersion}`}`
  const header =
    `request ${explained.requestId}: ${version.name} v${version.version} (${which}); ` +
    `scores are ${SPACES[json.space](json)}, base value + contributions = raw score\n`
  const blocks = json.explanations.flatMap((output, i) => {
    const row = explained.rows[i]!
    if (!Array.isArray(output)) return [renderOutput(`row ${row}`, output as OutputExplanationJson, top)]
    return (output as readonly OutputExplanationJson[]).map((one) =>
      renderOutput(`row ${row}, class ${JSON.stringify(one.class)}`, one, top),
    )
  })
  return [header, ...blocks].join('\n')
}

function renderOutput(title: string, output: OutputExplanationJson, top: number): string {
  const ranked = Object.entries(output.contributions).sort(
    ([a, x], [b, y]) => Math.abs(y) - Math.abs(x) || a.localeCompare(b),
  )
  const shown = ranked.slice(0, top)
  const scale = Math.max(...shown.map(([, value]) => Math.abs(value)))
  const rows = shown.map(([column, value]) => [column, signed(value), bar(value, scale)])
  const rest = ranked.slice(top)
  const more =
    rest.length === 0
      ? ''
      : `${rest.length} more column${rest.length > 1 ? 's' : ''}: ${signed(rest.reduce((sum, [, v]) => sum + v, 0))} in all\n`
  return (
    `${title}: base value ${formatNumber(output.base_value)}, raw score ${formatNumber(output.raw_score)}\n` +
    indent(
      renderTable([{ header: 'COLUMN' }, { header: 'CONTRIBUTION', align: 'right' }, { header: '' }], rows) +
        more,
    )
  )
}

function signed(value: number): string {
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value)
}

/** A bar of |value| / scale of `HALF_BAR` characters, left of the axis when negative, right when positive. */
function bar(value: number, scale: number): string {
  const length = scale > 0 ? Math.round((Math.abs(value) / scale) * HALF_BAR) : 0
  const blocks = '█'.repeat(length)
  return value < 0 ? `${' '.repeat(HALF_BAR - length)}${blocks}│` : `${' '.repeat(HALF_BAR)}│${blocks}`
}
