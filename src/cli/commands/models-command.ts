import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { ModelSignature } from '../../models/index.js'
import type { AliasEvent, ModelRegistry, ModelVersion } from '../../registry/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { loadForCommand } from '../data/data-source-options.js'
import { readJsonFile } from '../data/json-file.js'
import { collect, commaList, keyValues, numericKeyValues, versionNumber } from '../flag-values.js'
import { type GlobalOptions, globalOptions, withShipyard } from '../global-options.js'
import { notifyAliasChange } from '../models/alias-notify.js'
import {
  describeAliasEvent,
  renderModelDetails,
  renderModelTable,
  renderVersionDetails,
} from '../models/model-views.js'
import { renderPromotion } from '../models/promotion-view.js'
import { annotateError } from '../output/error-output.js'
import { formatBytes } from '../output/format.js'
import { printJson } from '../output/json-output.js'

interface RegisterFlags {
  readonly name: string
  readonly artifactPath: string
  readonly description?: string
  readonly tag?: string[]
}

interface ImportFlags {
  readonly name: string
  readonly signature?: string
  readonly features?: string
  readonly target?: string
  readonly metric?: string[]
  readonly description?: string
  readonly tag?: string[]
}

interface PromoteFlags {
  readonly from: string
  readonly to: string
  readonly data: string
  readonly require: string[]
  readonly target?: string
  readonly experiment?: string
}

/**
 * `shipyard models register|import|list|show|alias|unalias|delete|rollback|promote`: a thin adapter
 * over the model registry (`shipyard.registry`) and the promotion gate (`promote`). With `--json`,
 * each prints the version, model, alias event or promotion result it touched; see docs/cli.md.
 * Commands that move an alias tell serving processes through Redis when `SHIPYARD_REDIS_URL` is set.
 */
export function registerModelsCommands(program: Command, io: CliIo): void {
  const models = program
    .command('models')
    .description('register, import, list, show, alias, roll back, delete and promote models')

  models
    .command('register')
    .description("register a tracked run's model.onnx as a new version of a model (created when new)")
    .argument('<run-id>')
    .requiredOption('--name <name>', 'the registered model')
    .option('--artifact-path <path>', "the run's model folder", 'model')
    .option('--description <text>', "the version's description")
    .option('--tag <key=value>', 'a version tag; repeatable', collect)
    .action(async (runId: string, flags: RegisterFlags, command: Command) => {
      const global = globalOptions(command)
      const tags = keyValues('--tag', flags.tag, 'team=risk')
      const { registerRunModel } = await import('../../registry/index.js')
      const version = await withShipyard(global, (shipyard) =>
        registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
          runId,
          name: flags.name,
          artifactPath: flags.artifactPath,
          ...(flags.description === undefined ? {} : { description: flags.description }),
          tags,
        }),
      )
      reportVersion(io, global, version, `from run ${runId}`)
    })

  models
    .command('import')
    .description('import an ONNX file made elsewhere (skl2onnx, PyTorch...) as a new version')
    .argument('<file>', 'the .onnx file')
    .requiredOption('--name <name>', 'the registered model')
    .option(
      '--signature <file>',
      'a signature.json (inputs, outputs, task, target); default: read from the model',
    )
    .option(
      '--features <a,b,c>',
      'for a model with one feature matrix input: the columns that fill it, in order',
    )
    .option('--target <column>', 'the column the model predicts (recorded in the inferred signature)')
    .option('--metric <key=value>', 'a metric to record with the version, e.g. auc=0.91; repeatable', collect)
    .option('--description <text>', "the version's description")
    .option('--tag <key=value>', 'a version tag; repeatable', collect)
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const global = globalOptions(command)
      const tags = keyValues('--tag', flags.tag, 'team=risk')
      const metrics = numericKeyValues('--metric', flags.metric)
      const features = flags.features === undefined ? undefined : commaList('--features', flags.features)
      if (flags.signature !== undefined && (features !== undefined || flags.target !== undefined)) {
        throw invalidValue(
          '--signature',
          'give a signature file or --features/--target to infer one, not both',
        )
      }
      // The registry checks the signature's shape when it stores the version.
      const signature =
        flags.signature === undefined ? undefined : (readJsonFile(flags.signature) as ModelSignature)
      const onnx = await readModelFile(file)
      const { importOnnxModel } = await import('../../registry/index.js')
      const version = await withShipyard(global, (shipyard) =>
        importOnnxModel(shipyard.registry, {
          name: flags.name,
          onnx,
          source: file,
          metrics,
          tags,
          ...(signature === undefined ? {} : { signature }),
          ...(features === undefined ? {} : { features }),
          ...(flags.target === undefined ? {} : { target: flags.target }),
          ...(flags.description === undefined ? {} : { description: flags.description }),
        }),
      )
      reportVersion(io, global, version, `from ${file}`)
    })

  models
    .command('list')
    .description('list registered models by name')
    .option('--name-like <pattern>', "SQL LIKE pattern on the name, e.g. 'churn%'")
    .option('--tag <key=value>', 'only models with this tag; repeatable', collect)
    .action(async (flags: { nameLike?: string; tag?: string[] }, command: Command) => {
      const global = globalOptions(command)
      const tags = keyValues('--tag', flags.tag, 'team=risk')
      const list = await withShipyard(global, ({ registry }) =>
        allPages((pageToken) =>
          registry.searchModels({
            ...(flags.nameLike === undefined ? {} : { nameLike: flags.nameLike }),
            tags,
            ...(pageToken === undefined ? {} : { pageToken }),
          }),
        ),
      )
      if (global.json) return printJson(io.stdout, { models: list })
      io.stdout.write(list.length === 0 ? 'no registered models\n' : renderModelTable(list))
    })

  models
    .command('show')
    .description(
      "a model's aliases, versions and alias history, or one version's signature, metrics and lineage",
    )
    .argument('<name>')
    .option('--version <version>', 'one version: a number, v<N>, latest or an alias')
    .action(async (name: string, flags: { version?: string }, command: Command) => {
      const global = globalOptions(command)
      if (flags.version !== undefined) {
        const ref = flags.version
        const { version, history } = await withShipyard(global, async ({ registry }) => {
          const version = await registry.resolve(name, ref)
          return { version, history: touching(await registry.aliasHistory(name), version.version) }
        })
        if (global.json) return printJson(io.stdout, { version, aliasHistory: history })
        return io.stdout.write(renderVersionDetails(version, history))
      }
      const shown = await withShipyard(global, async ({ registry }) => {
        const [model, versions, history] = await Promise.all([
          registry.getModel(name),
          versionsOf(registry, name),
          registry.aliasHistory(name),
        ])
        return { model, versions, history }
      })
      if (global.json) {
        return printJson(io.stdout, {
          model: shown.model,
          versions: shown.versions,
          aliasHistory: shown.history,
        })
      }
      io.stdout.write(renderModelDetails(shown.model, shown.versions, shown.history))
    })

  models
    .command('alias')
    .description('point an alias at a version (set or move it)')
    .argument('<name>')
    .argument('<alias>', 'e.g. production; latest and v<N> are reserved')
    .argument('<version>', 'a number, v<N>, latest or another alias')
    .action(async (name: string, alias: string, ref: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const event = await withShipyard(global, async ({ registry }) => {
        const version = await registry.resolve(name, ref)
        return registry.setAlias(name, alias, version.version)
      })
      await reportAliasEvent(io, global, event)
    })

  models
    .command('unalias')
    .description('remove an alias')
    .argument('<name>')
    .argument('<alias>')
    .action(async (name: string, alias: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const event = await withShipyard(global, ({ registry }) => registry.deleteAlias(name, alias))
      await reportAliasEvent(io, global, event)
    })

  models
    .command('rollback')
    .description('move an alias back to the version it pointed at before its last move')
    .argument('<name>')
    .argument('<alias>')
    .action(async (name: string, alias: string, _options: unknown, command: Command) => {
      const global = globalOptions(command)
      const event = await withShipyard(global, ({ registry }) => registry.rollback(name, alias))
      await reportAliasEvent(io, global, event)
    })

  models
    .command('delete')
    .description(
      'delete a model with its versions and aliases, or one version (refused while aliased); asks nothing',
    )
    .argument('<name>')
    .option('--version <n>', 'only this version')
    .action(async (name: string, flags: { version?: string }, command: Command) => {
      const global = globalOptions(command)
      const version = flags.version === undefined ? null : versionNumber('--version', flags.version)
      await withShipyard(global, ({ registry }) =>
        version === null ? registry.deleteModel(name) : registry.deleteVersion(name, version),
      )
      // Deleting a model drops its aliases; a version with an alias cannot be deleted.
      if (version === null) await notifyAliasChange(global, io, name)
      if (global.json)
        return printJson(io.stdout, { deleted: version === null ? 'model' : 'version', name, version })
      io.stdout.write(
        version === null
          ? `deleted model '${name}' with its versions and aliases\n`
          : `deleted version ${version} of '${name}'\n`,
      )
    })

  models
    .command('promote')
    .description(
      'evaluate two aliased versions on the same data and move --to only if every requirement holds',
    )
    .argument('<name>')
    .option('--from <alias>', 'the candidate: an alias, latest or a version', 'staging')
    .option('--to <alias>', 'the alias to move', 'production')
    .requiredOption('--data <file>', 'labelled holdout data (CSV, Parquet, JSON lines)')
    .requiredOption(
      '--require <expr>',
      'e.g. "auc >= production.auc - 0.002" (a bare metric is the candidate\'s); repeatable',
      collect,
    )
    .option('--target <column>', "the label column (default: the candidate's signature's target)")
    .option('--experiment <name>', 'experiment to log the promotion run to (default: Default)')
    .action(async (name: string, flags: PromoteFlags, command: Command) => {
      const global = globalOptions(command)
      const { promote } = await import('../../sdk/index.js')
      const { promotionRefused } = await import('../../registry/index.js')
      const { dataset } = await loadForCommand(flags.data, {}, io.stderr)
      const result = await withShipyard(global, (shipyard) =>
        promote(shipyard, {
          name,
          from: flags.from,
          to: flags.to,
          data: dataset,
          requirements: flags.require,
          ...(flags.target === undefined ? {} : { target: flags.target }),
          ...(flags.experiment === undefined ? {} : { experiment: flags.experiment }),
        }),
      ).catch((error: unknown) => {
        throw annotateRequirement(error)
      })
      if (result.moved) await notifyAliasChange(global, io, name)
      if (global.json) printJson(io.stdout, { model: name, from: flags.from, to: flags.to, ...result })
      else io.stdout.write(renderPromotion(result, { name, from: flags.from, to: flags.to }))
      if (!result.passed) {
        const candidate = { alias: flags.from, version: result.versions.from, metrics: null }
        throw promotionRefused(name, candidate, flags.to, result.requirements)
      }
    })
}

function reportVersion(io: CliIo, global: GlobalOptions, version: ModelVersion, source: string): void {
  if (global.json) printJson(io.stdout, version)
  else
    io.stdout.write(
      `registered '${version.name}' version ${version.version} ${source} ` +
        `(sha256 ${version.sha256.slice(0, 12)}, ${formatBytes(version.sizeBytes)})\n` +
        `\nNext: npx shipyard models alias ${quoted(version.name)} staging ${version.version}\n`,
    )
}

async function reportAliasEvent(io: CliIo, global: GlobalOptions, event: AliasEvent): Promise<void> {
  await notifyAliasChange(global, io, event.name)
  if (global.json) printJson(io.stdout, event)
  else io.stdout.write(`${describeAliasEvent(event)}\n`)
}

/** A requirement error points into the requirement it names: underline it there. */
function annotateRequirement(error: unknown): unknown {
  if (error instanceof ShipyardError && typeof error.details.requirement === 'string')
    return annotateError(error, error.details.requirement)
  return error
}

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file))
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new ShipyardError(
      missing ? 'RESOURCE_DOES_NOT_EXIST' : 'INVALID_PARAMETER_VALUE',
      missing ? `${file}: no such file` : `${file}: cannot read (${(cause as Error).message})`,
      { details: { file }, cause },
    )
  }
}

/** Every version of a model, newest first (all pages: a table that silently stops would mislead). */
function versionsOf(registry: ModelRegistry, name: string): Promise<ModelVersion[]> {
  return allPages((pageToken) =>
    registry.searchVersions({ name, ...(pageToken === undefined ? {} : { pageToken }) }),
  )
}

async function allPages<T>(
  page: (pageToken: string | undefined) => Promise<{ items: readonly T[]; nextPageToken?: string }>,
): Promise<T[]> {
  const all: T[] = []
  let pageToken: string | undefined
  do {
    const next = await page(pageToken)
    all.push(...next.items)
    pageToken = next.nextPageToken
  } while (pageToken !== undefined)
  return all
}

/** The alias events that moved an alias onto or off `version`. */
function touching(history: readonly AliasEvent[], version: number): AliasEvent[] {
  return history.filter((e) => e.fromVersion === version || e.toVersion === version)
}

function quoted(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `'${name.replaceAll("'", "'\\''")}'`
}
