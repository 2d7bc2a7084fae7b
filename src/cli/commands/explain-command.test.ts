// `shipyard explain` in process, on a temp Shipyard home: a GBDT and a linear version of one model
// registered from their runs, requests seeded into the prediction log, explained as text and JSON.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { ExplanationJson, OutputExplanationJson } from '../../explain/index.js'
import { explainData, jsonRows, registerTrained } from '../../explain/testing/explain-fixtures.js'
import type { TrainedModel } from '../../models/index.js'
import { openPredictionLog, type PredictionRecord } from '../../monitoring/index.js'
import { Shipyard } from '../../sdk/index.js'
import { loadConfig } from '../../shared/index.js'
import { type CliOutcome, runCommand } from '../testing/run-command.js'
import { registerExplainCommand } from './explain-command.js'

interface ExplainJson {
  readonly requestId: string
  readonly model: string
  readonly version: number
  readonly loggedVersion: number | null
  readonly rows: number[]
  readonly explanation: ExplanationJson
}

const ROWS = 3
const { train: TRAIN, apply: APPLY } = explainData(400, 7)
const INPUTS = jsonRows(APPLY, ROWS)

let home: string
const models = new Map<number, TrainedModel>()

/** `shipyard explain ...args --home <temp>` as `runCli` runs it: exit code and both streams. */
function explain(...args: string[]): Promise<CliOutcome> {
  return runCommand(registerExplainCommand, ['explain', ...args, '--home', home])
}

async function json(...args: string[]): Promise<ExplainJson> {
  const outcome = await explain(...args, '--json')
  assert.equal(outcome.code, 0, outcome.stderr)
  return JSON.parse(outcome.stdout) as ExplainJson
}

async function fails(...args: string[]): Promise<{ code: string; message: string }> {
  const outcome = await explain(...args, '--json')
  assert.equal(outcome.code, 1, `explain ${args.join(' ')} succeeded: ${outcome.stdout}`)
  return (JSON.parse(outcome.stderr) as { error: { code: string; message: string } }).error
}

function record(requestId: string, row: number, changes: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId,
    row,
    time: Date.UTC(2024, 5, 1, 12),
    model: 'churn',
    version: 1,
    alias: 'production',
    arm: 'primary',
    inputs: INPUTS[row]!,
    outputs: {},
    latencyMs: 3,
    cache: 'off',
    errorCode: null,
    errorMessage: null,
    ...changes,
  }
}

describe('shipyard explain', () => {
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-explain-cli-'))
    const shipyard = await Shipyard.open({ home })
    try {
      for (const options of [{ params: { num_trees: 10 } }, { model: 'linear' as const }]) {
        const { version, model } = await registerTrained(shipyard, 'churn', TRAIN, {
          target: 'target',
          ...options,
        })
        models.set(version.version, model)
      }
      await shipyard.registry.setAlias('churn', 'production', 2)
    } finally {
      await shipyard.close()
    }
    const log = await openPredictionLog(loadConfig({ home }), { autoCompact: false })
    try {
      await log.append([
        ...INPUTS.map((_, row) => record('req-1', row)),
        // A shadow's copy of row 0, on another version: not what answered, so not explained.
        record('req-1', 0, { arm: 'shadow', version: 2, inputs: { amount: 1 } }),
        record('req-failed', 0, {
          inputs: {},
          version: null,
          errorCode: 'BAD_REQUEST',
          errorMessage: 'the body must be a JSON object',
        }),
      ])
    } finally {
      await log.close()
    }
  })
  after(async () => {
    await rm(home, { recursive: true, force: true })
  })

  /** Asserts every row adds up and its raw score is what `version` predicts in process for the logged row. */
  function assertExplains(answer: ExplainJson, version: number): void {
    assert.deepEqual(answer.rows, [0, 1, 2])
    assert.equal(answer.explanation.space, 'log_odds')
    const raw = models.get(version)!.predictRaw(APPLY.take([0, 1, 2]))
    answer.explanation.explanations.forEach((output, row) => {
      const one = output as OutputExplanationJson
      const sum = Object.values(one.contributions).reduce((total, v) => total + v, one.base_value)
      assert.ok(Math.abs(sum - one.raw_score) <= 1e-6 * Math.max(1, Math.abs(one.raw_score)), `row ${row}`)
      assert.ok(Math.abs(one.raw_score - raw[row]!) <= 1e-9, `row ${row}: ${one.raw_score} vs ${raw[row]}`)
    })
  }

  it('explains the logged rows with the version that answered them', async () => {
    const answer = await json('req-1')
    assert.deepEqual(
      [answer.requestId, answer.model, answer.version, answer.loggedVersion],
      ['req-1', 'churn', 1, 1],
    )
    assertExplains(answer, 1)
  })

  it('explains them with the version --version or --alias names instead', async () => {
    const byVersion = await json('req-1', '--version', 'v2')
    assert.deepEqual([byVersion.version, byVersion.loggedVersion], [2, 1])
    assertExplains(byVersion, 2)
    assert.equal((await json('req-1', '--alias', 'production')).version, 2)
    assert.match((await fails('req-1', '--version', '2', '--alias', 'production')).message, /not both/)
  })

  it('prints the top columns per row as a bar chart around zero, and what the others add up to', async () => {
    const answer = await json('req-1')
    const outcome = await explain('req-1', '--top', '2')
    assert.equal(outcome.code, 0, outcome.stderr)
    assert.match(
      outcome.stdout,
      /^request req-1: churn v1 \(the version that answered\); scores are log-odds of class 1/,
    )
    const row0 = answer.explanation.explanations[0] as OutputExplanationJson
    const ranked = Object.entries(row0.contributions).sort(([, a], [, b]) => Math.abs(b) - Math.abs(a))
    const block = outcome.stdout.split('\n\n')[1]!.split('\n')
    assert.match(block[0]!, /^row 0: base value -?[\d.e-]+, raw score -?[\d.e-]+$/)
    assert.match(block[1]!, /^ {2}COLUMN +CONTRIBUTION$/)
    // The largest bar is full length on its side of the axis; the second is no longer.
    const [top, second] = [block[2]!, block[3]!]
    assert.ok(top.startsWith(`  ${ranked[0]![0]} `), top)
    assert.ok(second.startsWith(`  ${ranked[1]![0]} `), second)
    const bars = (line: string) => (line.match(/█/g) ?? []).length
    assert.equal(bars(top), 20)
    assert.ok(bars(second) <= 20)
    assert.equal(top.indexOf('│') < top.indexOf('█'), ranked[0]![1] > 0, top)
    assert.match(block[4]!, new RegExp(`^ {2}${ranked.length - 2} more columns: [+-]?[\\d.e-]+ in all$`))
  })

  it('refuses a request the log does not hold, or one that failed before its rows were read', async () => {
    const missing = await fails('req-nowhere')
    assert.equal(missing.code, 'RESOURCE_DOES_NOT_EXIST')
    const failed = await fails('req-failed')
    assert.equal(failed.code, 'INVALID_PARAMETER_VALUE')
    assert.match(failed.message, /failed before its rows were read \(BAD_REQUEST: the body must be/)
  })
})
