// `shipyard alerts` in process, on a home whose alert store holds a resolved alert (webhook sent,
// retraining succeeded) and a firing one (webhook failed): the table, the filters and the JSON.
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command, CommanderError } from 'commander'
import { type AlertRecord, openAlertStore } from '../../monitoring/index.js'
import { loadConfig } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { addGlobalOptions } from '../global-options.js'
import { EXIT_USAGE, reportError } from '../output/error-output.js'
import { registerAlertsCommand } from './alerts-command.js'

const FIRED = Date.parse('2024-05-01T12:00:00Z')
let home: string
let resolved: AlertRecord
let firing: AlertRecord

async function alerts(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: {
      write: (text) => {
        stdout += text
      },
      isTTY: false,
    },
    stderr: {
      write: (text) => {
        stderr += text
      },
      isTTY: false,
    },
    env: {},
  }
  const program = new Command('shipyard')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout.write, writeErr: io.stderr.write })
  addGlobalOptions(program)
  registerAlertsCommand(program, io)
  const argv = ['alerts', ...args, '--home', home]
  try {
    await program.parseAsync(argv, { from: 'user' })
    return { code: 0, stdout, stderr }
  } catch (error) {
    if (error instanceof CommanderError) return { code: EXIT_USAGE, stdout, stderr }
    return { code: reportError(error, io, { json: argv.includes('--json') }), stdout, stderr }
  }
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'shipyard-alerts-cli-'))
  const store = await openAlertStore(loadConfig({ home }, {}).database)
  const common = { version: null, kind: 'error_rate', threshold: 0.05 } as const
  const first = await store.fire({
    ...common,
    model: 'churn',
    condition: 'error_rate',
    value: 0.5,
    firedAt: FIRED,
  })
  await store.recordWebhook(first.alert.id, 'firing', {
    delivered: true,
    attempts: 1,
    status: 204,
    error: null,
    at: FIRED,
  })
  await store.recordRetrain(first.alert.id, {
    command: ['npx', 'tsx', 'retrain.ts'],
    cwd: null,
    state: 'succeeded',
    pid: 42,
    exitCode: 0,
    error: null,
    runId: 'f'.repeat(32),
    startedAt: FIRED,
    endedAt: FIRED + 60_000,
  })
  await store.resolve(first.alert.id, { resolvedAt: FIRED + 3_600_000, value: 0.01 })
  resolved = await store.recordWebhook(first.alert.id, 'resolved', {
    delivered: true,
    attempts: 1,
    status: 200,
    error: null,
    at: FIRED + 3_600_000,
  })
  const second = await store.fire({
    model: 'fraud',
    version: 3,
    condition: 'auc_decay',
    kind: 'metric_decay',
    value: 0.71,
    threshold: 0.8,
    firedAt: FIRED + 7_200_000,
  })
  firing = await store.recordWebhook(second.alert.id, 'firing', {
    delivered: false,
    attempts: 2,
    status: null,
    error: 'no answer within 5000 ms',
    at: FIRED + 7_200_000,
  })
  await store.close()
})
after(() => rm(home, { recursive: true, force: true }))

describe('shipyard alerts', () => {
  it('lists alerts newest first: times, value against threshold, webhook and retraining', async () => {
    const { code, stdout, stderr } = await alerts()
    assert.equal(code, 0, stderr)
    const [header, fraud, churn, ...rest] = stdout.trimEnd().split('\n')
    assert.deepEqual(rest, [])
    assert.match(
      header!,
      /^FIRED +MODEL +CONDITION +STATE +VALUE +THRESHOLD +RESOLVED +WEBHOOK +RETRAIN +ID$/,
    )
    assert.match(
      fraud!,
      new RegExp(
        `^2024-05-01T14:00:00.000Z +fraud v3 +auc_decay +firing +0.71 +0.8 +- +failed: no answer within 5000 ms +- +${firing.id}$`,
      ),
    )
    assert.match(
      churn!,
      new RegExp(
        `^2024-05-01T12:00:00.000Z +churn +error_rate +resolved +0.5 +0.05 +2024-05-01T13:00:00.000Z +sent +succeeded, run f{32} +${resolved.id}$`,
      ),
    )
  })

  it('filters by model and state, and prints the records as JSON', async () => {
    assert.match((await alerts('--model', 'churn')).stdout, /churn/)
    assert.doesNotMatch((await alerts('--model', 'churn')).stdout, /fraud/)
    assert.equal((await alerts('--model', 'nobody')).stdout, 'no alerts\n')
    const { code, stdout } = await alerts('--state', 'firing', '--json')
    assert.equal(code, 0)
    assert.deepEqual(JSON.parse(stdout), { alerts: [firing] })
    assert.deepEqual(JSON.parse((await alerts('--limit', '1', '--json')).stdout).alerts.length, 1)
  })

  it('refuses a state or limit it does not know', async () => {
    const state = await alerts('--state', 'pending')
    assert.equal(state.code, EXIT_USAGE)
    assert.match(state.stderr, /Allowed choices are firing, resolved/)
    assert.equal((await alerts('--limit', '0')).code, EXIT_USAGE)
  })
})
