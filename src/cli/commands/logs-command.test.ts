// `shipyard logs` in process on a temp home whose prediction log was seeded through the store (see
// `openLoggedHome`): filters, the table, `logs show`, and one-line errors.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { PredictionRecord } from '../../monitoring/index.js'
import { type LoggedHome, openLoggedHome } from '../logs/logs-test-fixture.js'
import { runCommand } from '../testing/run-command.js'
import { registerLogsCommand } from './logs-command.js'

describe('shipyard logs', () => {
  let seeded: LoggedHome
  before(async () => {
    seeded = await openLoggedHome()
  })
  after(() => seeded.close())

  const logs = (...args: string[]) =>
    runCommand(registerLogsCommand, ['logs', ...args, '--home', seeded.home])
  /** The `--json` answer's records as `request/row`, in order. */
  const found = async (...args: string[]) => {
    const outcome = await logs(...args, '--json')
    assert.equal(outcome.code, 0, outcome.stderr)
    const { predictions } = JSON.parse(outcome.stdout) as { predictions: PredictionRecord[] }
    return predictions.map((r) => `${r.requestId}/${r.row}`)
  }

  it('lists every logged row newest first, and filters by model, version, time, errors and where', async () => {
    assert.deepEqual(await found(), ['bad/0', 'r1/0', 'r1/1', 'c1/0', 'r2/0', 'old/0'])
    assert.deepEqual(await found('--model', 'big'), ['c1/0'])
    assert.deepEqual(await found('--version', 'v2'), [])
    assert.deepEqual(await found('--since', '1h', '--model', 'spend'), ['bad/0', 'r1/0', 'r1/1', 'r2/0'])
    assert.deepEqual(await found('--until', '12m'), ['c1/0', 'r2/0', 'old/0'])
    assert.deepEqual(
      await found('--since', new Date(Date.now() - 4 * 3_600_000).toISOString(), '--until', '1h'),
      ['old/0'],
    )
    assert.deepEqual(await found('--errors'), ['bad/0'])
    assert.deepEqual(await found('--where', "inputs.amount > 10 and inputs.city = 'lima'"), ['r1/1', 'old/0'])
    assert.deepEqual(await found('--model', 'spend', '--where', 'outputs.prediction > 50'), ['r2/0'])
    assert.deepEqual(await found('--limit', '2'), ['bad/0', 'r1/0'])
  })

  it('prints the records whole with --json, as the store keeps them', async () => {
    const outcome = await logs('--model', 'spend', '--errors', '--json')
    assert.deepEqual(JSON.parse(outcome.stdout), { predictions: seeded.records.get('bad') })
  })

  it('prints a compact table, and says how many more match when the page is full', async () => {
    const outcome = await logs('--limit', '3')
    assert.equal(outcome.code, 0, outcome.stderr)
    const lines = outcome.stdout.trimEnd().split('\n')
    assert.match(
      lines[0]!,
      /^TIME\s+REQUEST\s+ROW\s+MODEL\s+VERSION\s+ARM\s+OUTPUTS\s+LATENCY\s+CACHE\s+ERROR$/,
    )
    assert.match(
      lines[1]!,
      /^\S+Z\s+bad\s+0\s+spend\s+v1\s+primary\s+-\s+1ms\s+miss\s+INVALID_PARAMETER_VALUE$/,
    )
    assert.match(lines[2]!, /^\S+Z\s+r1\s+0\s+spend\s+v1\s+primary\s+prediction=[\d.]+\s+2\.5ms\s+miss\s+-$/)
    assert.equal(
      lines[4],
      'showing the newest 3 of 6 matching records: raise --limit or narrow with --since or --where',
    )
    const classifier = await logs('--model', 'big')
    assert.match(classifier.stdout, /\bc1\s+0\s+big\s+v1\s+primary\s+label=yes probability=0\.\d+\s/)
    assert.equal((await logs('--model', 'nobody')).stdout, 'no logged predictions match\n')
  })

  it('shows one request whole: each row with its inputs and outputs, or its error', async () => {
    const outcome = await logs('show', 'r1')
    assert.equal(outcome.code, 0, outcome.stderr)
    const r1 = seeded.records.get('r1')!
    const text = outcome.stdout
    assert.match(
      text,
      /^request: +r1\nmodel: +spend\ntime: +\S+Z\nlatency: +2\.5ms\ncache: +miss\nrows: +2\n/,
    )
    assert.match(
      text,
      /\nrow 0 \(primary, v1, alias production\):\n {2}inputs:\n {4}KEY +VALUE\n {4}amount +10\n {4}city +lima\n {2}outputs:\n {4}KEY +VALUE\n {4}prediction +[\d.]+\n/,
    )
    assert.match(
      text,
      /\nrow 1 \(primary, v1, alias production\):\n {2}inputs:\n {4}KEY +VALUE\n {4}amount +11\n/,
    )
    const json = await logs('show', 'r1', '--json')
    assert.deepEqual(JSON.parse(json.stdout), { requestId: 'r1', predictions: r1 })
    const failed = await logs('show', 'bad')
    assert.match(
      failed.stdout,
      /\n {2}outputs: none\n {2}error: INVALID_PARAMETER_VALUE: missing column 'city'; the model takes amount, city\n$/,
    )
  })

  it('fails on one line for an unknown request id, a bad time and a bad filter, underlining the token', async () => {
    const unknown = await logs('show', 'nope')
    assert.equal(unknown.code, 1)
    assert.equal(
      unknown.stderr,
      "error: request 'nope' is not in the prediction log (not logged, not sampled, or past retention)\n",
    )
    const json = await logs('show', 'nope', '--json')
    assert.equal(JSON.parse(json.stderr).error.code, 'RESOURCE_DOES_NOT_EXIST')
    const since = await logs('--since', 'yesterday')
    assert.equal(since.code, 1)
    assert.match(
      since.stderr,
      /^error: --since: 'yesterday' is not a time: give a duration back from now \(30m, 1h, 7d\)/,
    )
    const where = await logs('--where', 'inputs.amount >> 3')
    assert.equal(where.code, 1)
    assert.equal(
      where.stderr,
      "error: where 'inputs.amount >> 3' at 15: expected a value (a number, a 'string', true or false), found '>'\n" +
        '  inputs.amount >> 3\n' +
        '                 ^\n',
    )
    assert.match(
      (await logs('--limit', '0')).stderr,
      /^error: --limit: '0' is not a whole number from 1 to 100000\n$/,
    )
    assert.match((await logs('--version', 'x')).stderr, /^error: --version: 'x' is not a version number/)
  })
})
