// The `shipyard models` commands in process, on a temp Shipyard home: two churn models of different
// quality trained with trainRun, registered, aliased, promoted, rolled back and deleted through the
// CLI, with the JSON each prints and the one-line errors for bad input.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { readDataset } from '../../data/index.js'
import { Shipyard, trainRun } from '../../sdk/index.js'
import { REDIS_ALIAS_CHANNEL } from '../../serving/alias-notifications.js'
import { writeChurnCsv } from '../quickstart/churn-data.js'
import { type CliOutcome, runCommand } from '../testing/run-command.js'
import { registerModelsCommands } from './models-command.js'

let home: string
let holdout: string
let onnxFile: string
const runs: string[] = []

/** `shipyard models ...args --home <temp>` as `runCli` runs a command line: exit code and both streams. */
function models(...args: string[]): Promise<CliOutcome> {
  return runCommand(registerModelsCommands, ['models', ...args, '--home', home])
}

/** A command that must succeed with `--json`: its parsed stdout. */
async function json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
  const outcome = await models(...args, '--json')
  assert.equal(outcome.code, 0, `models ${args.join(' ')}: ${outcome.stderr}`)
  assert.equal(outcome.stderr, '')
  return JSON.parse(outcome.stdout) as T
}

/** A command that must fail with exit 1 and a JSON error: the error. */
async function fails(
  ...args: string[]
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  const outcome = await models(...args, '--json')
  assert.equal(outcome.code, 1, `models ${args.join(' ')} succeeded: ${outcome.stdout}`)
  return (JSON.parse(outcome.stderr) as { error: { code: string; message: string } }).error
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'shipyard-models-cli-'))
  const trainCsv = join(home, 'train.csv')
  holdout = join(home, 'holdout.csv')
  onnxFile = join(home, 'weak.onnx')
  writeChurnCsv(trainCsv, { rows: 800, seed: 1 })
  writeChurnCsv(holdout, { rows: 400, seed: 2 })
  const { dataset } = await readDataset({ path: trainCsv })
  const shipyard = await Shipyard.open({ home })
  try {
    // Version 1 learns the churn signal; version 2 is one stump.
    for (const params of [{ num_trees: 25 }, { num_trees: 1, num_leaves: 2 }]) {
      const result = await trainRun(shipyard, dataset, {
        target: 'churned',
        params,
        validFraction: 0.25,
        experiment: 'churn',
      })
      runs.push(result.runId)
      await writeFile(onnxFile, result.model.toOnnx())
    }
  } finally {
    await shipyard.close()
  }
})
after(() => rm(home, { recursive: true, force: true }))

describe('shipyard models', () => {
  it('register prints the new version; a second run is version 2', async () => {
    const v1 = await json(
      'register',
      runs[0]!,
      '--name',
      'churn',
      '--description',
      'boosted trees',
      '--tag',
      'team=risk',
    )
    assert.deepEqual(
      [v1.name, v1.version, v1.description, v1.tags],
      ['churn', 1, 'boosted trees', { team: 'risk' }],
    )
    assert.match(String(v1.sha256), /^[0-9a-f]{64}$/)
    assert.equal((v1.lineage as { runId: string }).runId, runs[0])
    assert.equal((v1.signature as { target: string }).target, 'churned')
    assert.ok(
      typeof (v1.metrics as Record<string, number>).valid_roc_auc === 'number',
      JSON.stringify(v1.metrics),
    )
    const v2 = await models('register', runs[1]!, '--name', 'churn')
    assert.equal(v2.code, 0, v2.stderr)
    assert.match(
      v2.stdout,
      /^registered 'churn' version 2 from run [0-9a-f]{32} \(sha256 [0-9a-f]{12}, [\d.]+ KiB\)\n/,
    )
    assert.match(v2.stdout, /Next: npx shipyard models alias churn staging 2\n$/)
  })

  it('register and import refuse bad input with one error naming it', async () => {
    assert.equal((await fails('register', 'f'.repeat(32), '--name', 'churn')).code, 'RESOURCE_DOES_NOT_EXIST')
    const noModel = await fails('register', runs[0]!, '--name', 'churn', '--artifact-path', 'nothing')
    assert.match(noModel.message, /has no nothing\/model\.onnx/)
    assert.match(
      (await fails('register', runs[0]!, '--name', 'churn', '--tag', 'oops')).message,
      /--tag: 'oops' must read key=value/,
    )
    assert.match(
      (await fails('import', join(home, 'none.onnx'), '--name', 'x')).message,
      /none\.onnx: no such file/,
    )
    assert.match(
      (await fails('import', onnxFile, '--name', 'x', '--metric', 'auc=high')).message,
      /--metric: 'auc=high': the value must be a number/,
    )
    const usage = await models('register', runs[0]!)
    assert.equal(usage.code, 2, 'a missing --name does not parse')
    assert.match(usage.stderr, /required option '--name <name>' not specified/)
  })

  it('import registers an ONNX file with its signature, features hint and metrics', async () => {
    const imported = await json(
      'import',
      onnxFile,
      '--name',
      'imported',
      '--target',
      'churned',
      '--metric',
      'auc=0.71',
    )
    assert.deepEqual([imported.name, imported.version, imported.metrics], ['imported', 1, { auc: 0.71 }])
    const lineage = imported.lineage as { runId: string | null; source: string }
    assert.deepEqual([lineage.runId, lineage.source], [null, onnxFile])
    assert.equal((imported.signature as { target: string }).target, 'churned')
    const signatureFile = join(home, 'signature.json')
    await writeFile(signatureFile, JSON.stringify(imported.signature))
    const withFile = await json('import', onnxFile, '--name', 'imported', '--signature', signatureFile)
    assert.deepEqual(withFile.signature, imported.signature)
    assert.match(
      (
        await fails(
          'import',
          onnxFile,
          '--name',
          'imported',
          '--signature',
          signatureFile,
          '--features',
          'a,b',
        )
      ).message,
      /--signature: give a signature file or --features\/--target to infer one, not both/,
    )
  })

  it('alias sets and moves aliases; reserved aliases and unknown versions are refused', async () => {
    const set = await json('alias', 'churn', 'production', '2')
    assert.deepEqual([set.alias, set.fromVersion, set.toVersion], ['production', null, 2])
    const staging = await models('alias', 'churn', 'Staging', 'v1')
    assert.equal(staging.stdout, 'churn@staging: no version -> version 1\n')
    assert.match((await fails('alias', 'churn', 'latest', '1')).message, /'latest' is reserved/)
    assert.match((await fails('alias', 'churn', 'v7', '1')).message, /'v7' is reserved/)
    const missing = await fails('alias', 'churn', 'canary', '9')
    assert.deepEqual(
      [missing.code, missing.message],
      ['RESOURCE_DOES_NOT_EXIST', "registered model 'churn' has no version 9"],
    )
    assert.equal((await fails('alias', 'nope', 'canary', '1')).code, 'RESOURCE_DOES_NOT_EXIST')
  })

  it('list prints a table or {models}, filtered by name and tag', async () => {
    const { models: listed } = await json<{
      models: { name: string; latestVersion: number; aliases: object }[]
    }>('list')
    assert.deepEqual(
      listed.map((m) => [m.name, m.latestVersion, m.aliases]),
      [
        ['churn', 2, { production: 2, staging: 1 }],
        ['imported', 2, {}],
      ],
    )
    const table = await models('list', '--name-like', 'ch%')
    const [header, row, extra] = table.stdout.split('\n')
    assert.match(header!, /^NAME\s+LATEST\s+ALIASES\s+UPDATED\s+DESCRIPTION$/)
    assert.match(row!, /^churn\s+2\s+production=2, staging=1\s+\d{4}-\d\d-\d\dT/)
    assert.equal(extra, '')
    assert.equal((await models('list', '--tag', 'team=none')).stdout, 'no registered models\n')
  })

  it('show prints the model, its versions and alias history, or one version', async () => {
    const shown = await json<{
      model: { name: string }
      versions: { version: number }[]
      aliasHistory: object[]
    }>('show', 'churn')
    assert.equal(shown.model.name, 'churn')
    assert.deepEqual(
      shown.versions.map((v) => v.version),
      [2, 1],
      'newest first',
    )
    assert.equal(shown.aliasHistory.length, 2)
    const page = (await models('show', 'churn')).stdout
    assert.match(page, /^name:\s+churn\n/)
    assert.match(page, /aliases:\n\s+ALIAS\s+VERSION\n\s+production\s+2\n\s+staging\s+1\n/)
    assert.match(
      page,
      /versions:\n\s+VERSION\s+CREATED\s+ALIASES\s+SIZE\s+SHA256\s+SOURCE\n\s+2\s.*production\s.*runs:\//,
    )
    assert.match(page, /alias history:\n\s+TIME\s+ALIAS\s+FROM\s+TO\s+USER\s+REASON\n/)

    const one = await json<{ version: { version: number; aliases: string[] }; aliasHistory: object[] }>(
      'show',
      'churn',
      '--version',
      'staging',
    )
    assert.deepEqual([one.version.version, one.version.aliases, one.aliasHistory.length], [1, ['staging'], 1])
    const details = (await models('show', 'churn', '--version', '1')).stdout
    assert.match(details, /^model:\s+churn\nversion:\s+1\n/)
    assert.match(details, /task:\s+binary, target 'churned'/)
    assert.match(
      details,
      /inputs:\n\s+NAME\s+TYPE\s+SHAPE\s+COLUMNS\n\s+tenure_months\s+double\s+\[-1, 1\]\s+numeric\n/,
    )
    assert.match(details, /metrics:\n[\s\S]*valid_roc_auc\s+0\.\d+/)
    assert.match(details, /datasets:\n\s+ROLE\s+FINGERPRINT\n\s+train\s+[0-9a-f]{64}\n/)
    assert.equal((await fails('show', 'nope')).code, 'RESOURCE_DOES_NOT_EXIST')
    assert.match((await fails('show', 'churn', '--version', '5')).message, /has no version 5/)
  })

  it('promote moves production to a better candidate and logs the run', async () => {
    const result = await json<PromotionJson>(
      'promote',
      'churn',
      '--data',
      holdout,
      '--require',
      'auc >= production.auc - 0.002',
      '--require',
      'logloss <= production.logloss',
      '--experiment',
      'gate',
    )
    assert.deepEqual(
      [result.model, result.from, result.to, result.passed, result.moved, result.versions],
      ['churn', 'staging', 'production', true, true, { from: 1, to: 2 }],
    )
    assert.equal(result.requirements.length, 2)
    assert.ok(result.requirements[0]!.left > result.requirements[0]!.right)
    assert.equal(result.metrics.from.rowCount, 400)
    assert.match(result.runId, /^[0-9a-f]{32}$/)
    const shown = await json<{ model: { aliases: Record<string, number> } }>('show', 'churn')
    assert.deepEqual(shown.model.aliases, { production: 1, staging: 1 })
  })

  it('promote refuses a worse candidate: each failed requirement with both values, exit 1', async () => {
    await json('alias', 'churn', 'staging', '2')
    const refused = await models(
      'promote',
      'churn',
      '--data',
      holdout,
      '--require',
      'auc >= production.auc - 0.002',
    )
    assert.equal(refused.code, 1)
    assert.match(
      refused.stderr,
      /^error: promotion of 'churn' version 2 \('staging'\) to 'production' refused: 1 of 1 requirement failed: auc >= production\.auc - 0\.002 \(left 0\.\d+, right 0\.\d+\)\n$/,
    )
    assert.match(
      refused.stdout,
      /REQUIREMENT\s+LEFT\s+RIGHT\s+RESULT\nauc >= production\.auc - 0\.002\s+0\.\d+\s+0\.\d+\s+FAIL\n/,
    )
    assert.match(refused.stdout, /METRIC\s+staging \(v2\)\s+production \(v1\)\n/)
    assert.match(refused.stdout, /Refused: 'production' stays at version 1\.\nLogged as run [0-9a-f]{32}\n$/)

    const asJson = await models(
      'promote',
      'churn',
      '--data',
      holdout,
      '--require',
      'auc >= production.auc',
      '--json',
    )
    assert.equal(asJson.code, 1)
    const error = JSON.parse(asJson.stderr).error
    assert.equal(error.code, 'SHIPYARD_PROMOTION_REFUSED')
    const failed = error.details.failed as {
      requirement: string
      left: number
      right: number
      passed: boolean
    }[]
    assert.deepEqual(
      [failed.length, failed[0]!.requirement, failed[0]!.passed],
      [1, 'auc >= production.auc', false],
    )
    const result = JSON.parse(asJson.stdout) as PromotionJson
    assert.deepEqual([result.passed, result.moved], [false, false])
    assert.deepEqual(result.failed, failed)
    assert.equal(
      (await json<{ version: { version: number } }>('show', 'churn', '--version', 'production')).version
        .version,
      1,
    )
  })

  it('promote refuses a bad requirement before evaluating, underlining it', async () => {
    const unknown = await models('promote', 'churn', '--data', holdout, '--require', 'acu >= production.auc')
    assert.equal(unknown.code, 1)
    assert.equal(
      unknown.stderr.split('\n').slice(1).join('\n'),
      '  acu >= production.auc\n  ^^^\n',
      'the bad metric is underlined',
    )
    assert.match(
      unknown.stderr,
      /^error: invalid requirement 'acu >= production\.auc' at position 0 \('acu'\): unknown metric 'acu' \(did you mean 'auc'\?\)/,
    )
    const syntax = await fails('promote', 'churn', '--data', holdout, '--require', 'auc >> 0.5')
    assert.deepEqual(
      [syntax.code, syntax.details?.position, syntax.details?.token],
      ['INVALID_PARAMETER_VALUE', 4, '>>'],
    )
    assert.match(
      (await fails('promote', 'churn', '--data', holdout, '--require', 'auc > 0.5', '--to', 'latest'))
        .message,
      /to: 'latest' is reserved/,
    )
    assert.match(
      (await fails('promote', 'churn', '--data', join(home, 'none.csv'), '--require', 'auc > 0.5')).message,
      /none\.csv/,
    )
  })

  it('rollback moves an alias back; unalias removes it; both print the event', async () => {
    await json('alias', 'churn', 'production', '2')
    const back = await json('rollback', 'churn', 'production')
    assert.deepEqual([back.fromVersion, back.toVersion, back.reason], [2, 1, 'rollback'])
    const removed = await models('unalias', 'churn', 'staging')
    assert.equal(removed.stdout, 'churn@staging: version 2 -> removed\n')
    assert.equal((await fails('unalias', 'churn', 'staging')).code, 'RESOURCE_DOES_NOT_EXIST')
    const history = await json<{ aliasHistory: { alias: string; reason: string }[] }>('show', 'churn')
    assert.ok(
      history.aliasHistory.some((e) => e.alias === 'production' && e.reason.startsWith('promote: auc >= ')),
    )
  })

  it('delete removes a version (refused while aliased), then the model, asking nothing', async () => {
    const aliased = await fails('delete', 'churn', '--version', '1')
    assert.match(aliased.message, /version 1 of 'churn' is what 'production' points at/)
    assert.match(
      (await fails('delete', 'churn', '--version', 'first')).message,
      /--version: 'first' is not a version number/,
    )
    assert.deepEqual(await json('delete', 'churn', '--version', 'v2'), {
      deleted: 'version',
      name: 'churn',
      version: 2,
    })
    assert.equal(
      (await models('delete', 'churn')).stdout,
      "deleted model 'churn' with its versions and aliases\n",
    )
    assert.equal((await fails('show', 'churn')).code, 'RESOURCE_DOES_NOT_EXIST')
    assert.deepEqual(await json('delete', 'imported'), { deleted: 'model', name: 'imported', version: null })
  })
})

describe('shipyard models with Redis', () => {
  const redisUrl = process.env.SHIPYARD_TEST_REDIS_URL
  const withRedis = async <T>(url: string, work: () => Promise<T>): Promise<T> => {
    const saved = process.env.SHIPYARD_REDIS_URL
    process.env.SHIPYARD_REDIS_URL = url
    try {
      return await work()
    } finally {
      if (saved === undefined) delete process.env.SHIPYARD_REDIS_URL
      else process.env.SHIPYARD_REDIS_URL = saved
    }
  }

  it('an alias change is published on the alias channel', {
    skip: redisUrl ? false : 'SHIPYARD_TEST_REDIS_URL is not set',
  }, async () => {
    await json('register', runs[0]!, '--name', 'served')
    const subscriber = new Redis(redisUrl!)
    try {
      await subscriber.subscribe(REDIS_ALIAS_CHANNEL)
      const message = new Promise<string>((resolve) =>
        subscriber.once('message', (_channel, name: string) => resolve(name)),
      )
      await withRedis(redisUrl!, () => json('alias', 'served', 'production', '1'))
      assert.equal(await message, 'served')
    } finally {
      subscriber.disconnect()
    }
  })

  it('an unreachable Redis is a warning: the alias has moved', async () => {
    await json('register', runs[0]!, '--name', 'unheard')
    const outcome = await withRedis('redis://127.0.0.1:1', () =>
      models('alias', 'unheard', 'production', '1'),
    )
    assert.equal(outcome.code, 0)
    assert.equal(outcome.stdout, 'unheard@production: no version -> version 1\n')
    assert.match(outcome.stderr, /^warning: cannot tell the inference servers through Redis/)
  })
})

interface PromotionJson {
  model: string
  from: string
  to: string
  passed: boolean
  moved: boolean
  versions: { from: number; to: number | null }
  requirements: { requirement: string; passed: boolean; left: number; right: number }[]
  failed: { requirement: string; passed: boolean; left: number; right: number }[]
  metrics: { from: { rowCount: number }; to: { rowCount: number } | null }
  runId: string
}
