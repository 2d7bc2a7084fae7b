// `shipyard replay` in process on a temp home with registered versions and a seeded prediction log
// (see `openLoggedHome`): one request or many, on a version, an alias or the default, as text and JSON.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Shipyard } from '../../sdk/index.js'
import type { ReplayReport } from '../../serving/index.js'
import { type LoggedHome, openLoggedHome } from '../logs/logs-test-fixture.js'
import { runCommand } from '../testing/run-command.js'
import { registerReplayCommand } from './replay-command.js'

describe('shipyard replay', () => {
  let seeded: LoggedHome
  before(async () => {
    seeded = await openLoggedHome()
  })
  after(() => seeded.close())

  const replay = (...args: string[]) =>
    runCommand(registerReplayCommand, ['replay', ...args, '--home', seeded.home])
  const report = async (...args: string[]): Promise<ReplayReport> => {
    const outcome = await replay(...args, '--json')
    assert.equal(outcome.code, 0, outcome.stderr)
    return JSON.parse(outcome.stdout) as ReplayReport
  }

  it('replays a request on another version and shows the difference side by side', async () => {
    const onV2 = await report('r1', '--version', '2')
    const [request] = onV2.requests
    assert.equal(request!.loggedVersion, 1)
    assert.equal(request!.replayedVersion, 2)
    assert.equal(request!.status, 'answered')
    // The tiny regressors: spend ≈ slope × amount (+5 in oslo); slopes 2 and 3, amounts 10 and 11.
    const differences = request!.rows.map((row) => row.differences.prediction!)
    assert.ok(Math.abs(differences[0]! - 10) < 0.5 && Math.abs(differences[1]! - 11) < 0.5, `${differences}`)
    assert.deepEqual(request!.rows[0]!.logged, seeded.records.get('r1')![0]!.outputs)
    assert.equal(onV2.summary.rows, 2)
    assert.equal(onV2.summary.maxAbsDifference, Math.abs(differences[1]!))

    const text = await replay('r1', '--version', 'v2')
    assert.equal(text.code, 0, text.stderr)
    const lines = text.stdout.split('\n')
    assert.equal(lines[0], 'request r1 (spend, primary): logged v1 -> replayed v2: answered')
    assert.match(lines[1]!, /^ {2}ROW +OUTPUT +LOGGED +NEW +DIFF$/)
    assert.match(lines[2]!, /^ {4}0 +prediction +2\d\.\d+ +3\d\.\d+ +\+10\.\d+$/)
    assert.match(lines[3]!, /^ {4}1 +prediction +2\d\.\d+ +3\d\.\d+ +\+11\.\d+$/)
    assert.match(
      text.stdout,
      /\nsummary:\n {2}requests: +1 \(answered 1\)\n {2}rows replayed: +2\n {2}labels changed: +0\n {2}max \|difference\|: +11\.\d+ \(prediction\)\n$/,
    )
  })

  it('tells whether a request that errored still errors, or now answers on a version that takes it', async () => {
    const still = await report('bad')
    assert.equal(still.requests[0]!.status, 'still-errors')
    assert.equal(still.requests[0]!.replayedVersion, 1, 'no production alias: the logged version')
    assert.match(still.requests[0]!.replayedError!.message, /missing column 'city'/)
    const now = await report('bad', '--version', '3')
    assert.equal(now.requests[0]!.status, 'now-answers')
    assert.equal(now.requests[0]!.replayedError, null)
    assert.equal(typeof now.requests[0]!.rows[0]!.replayed.prediction, 'number')
    const text = await replay('bad', '--version', '3')
    assert.match(
      text.stdout,
      /^request bad \(spend, primary\): logged v1 -> replayed v3: now answers\n {2}logged error: +INVALID_PARAMETER_VALUE: missing column 'city'; the model takes amount, city\n {2}ROW +OUTPUT +LOGGED +NEW +DIFF\n {4}0 +prediction +- +12\.\d+\n/,
    )
  })

  it('replays on the production alias by default, and on a named alias', async () => {
    const shipyard = await Shipyard.open({ home: seeded.home })
    try {
      await shipyard.registry.setAlias('spend', 'production', 2)
      await shipyard.registry.setAlias('spend', 'challenger', 3)
      assert.equal((await report('r2')).requests[0]!.replayedVersion, 2)
      const challenger = await report('r2', '--alias', 'challenger')
      assert.equal(challenger.requests[0]!.status, 'now-errors', 'v3 refuses the city column')
      assert.match(challenger.requests[0]!.replayedError!.message, /unknown column 'city'/)
      const ignoring = await report('r2', '--alias', 'challenger', '--ignore-unknown-columns')
      assert.equal(ignoring.requests[0]!.status, 'answered')
      assert.equal(ignoring.requests[0]!.replayedVersion, 3)
    } finally {
      await shipyard.registry.deleteAlias('spend', 'production')
      await shipyard.registry.deleteAlias('spend', 'challenger')
      await shipyard.close()
    }
  })

  it('replays the records a search picks, newest first, with a summary over all of them', async () => {
    const many = await report(
      '--model',
      'spend',
      '--where',
      'inputs.amount >= 11',
      '--version',
      '2',
      '--limit',
      '10',
    )
    assert.deepEqual(
      many.requests.map((r) => [r.requestId, r.rows.map((row) => row.row)]),
      [
        ['r1', [1]],
        ['r2', [0]],
        ['old', [0]],
      ],
    )
    assert.equal(many.summary.requests, 3)
    assert.equal(many.summary.rows, 3)
    assert.ok(Math.abs(many.summary.maxAbsDifference! - 30) < 0.5, 'amount 30 moves most')
    const labels = await report('--model', 'big', '--version', '1')
    assert.equal(labels.summary.labelsChanged, 0)
    assert.equal(labels.summary.maxAbsDifference, 0)
    assert.equal((await replay('--model', 'nobody')).stdout, 'no logged predictions match\n')
  })

  it('fails on one line for an unknown request, a missing version and contradictory flags', async () => {
    const unknown = await replay('nope')
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /^error: request 'nope' is not in the prediction log/)
    assert.equal(unknown.stderr.split('\n').length, 2)
    const missing = await replay('r1', '--version', '9', '--json')
    assert.equal(missing.code, 1)
    assert.equal(JSON.parse(missing.stderr).error.code, 'RESOURCE_DOES_NOT_EXIST')
    assert.match(
      (await replay()).stderr,
      /^error: request-id: give a request id, or pick logged records with --where/,
    )
    assert.match(
      (await replay('r1', '--where', 'row = 0')).stderr,
      /^error: request-id: give a request id or search flags/,
    )
    assert.match(
      (await replay('r1', '--version', '2', '--alias', 'x')).stderr,
      /^error: --version: give --version or --alias, not both\n$/,
    )
  })
})
