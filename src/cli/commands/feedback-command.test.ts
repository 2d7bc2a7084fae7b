// `shipyard feedback --file` in process, on a temp home whose embedded prediction log holds a few
// logged requests: CSV and JSON-lines files, late and duplicate labels (the latest wins, counted),
// unmatched ids, and bad lines named with nothing stored.
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { openPredictionLog, type PredictionLogStore, type PredictionRecord } from '../../monitoring/index.js'
import { EXIT_USAGE } from '../output/error-output.js'
import { type CliOutcome, runCommand } from '../testing/run-command.js'
import { registerFeedbackCommand } from './feedback-command.js'

let home: string

/** `shipyard feedback ...args --home <temp>` as `runCli` runs it: exit code and both streams. */
function feedback(...args: string[]): Promise<CliOutcome> {
  return runCommand(registerFeedbackCommand, ['feedback', ...args, '--home', home])
}

async function file(name: string, text: string): Promise<string> {
  const path = join(home, name)
  await writeFile(path, text)
  return path
}

/** The log of the home, opened for one look. */
async function withLog<T>(work: (log: PredictionLogStore) => Promise<T>): Promise<T> {
  const log = await openPredictionLog(
    { home, database: { kind: 'sqlite', path: join(home, 'shipyard.db') } },
    { autoCompact: false },
  )
  try {
    return await work(log)
  } finally {
    await log.close()
  }
}

const labels = () =>
  withLog(async (log) =>
    Object.fromEntries(
      (await log.labelled({ model: 'churn' })).map((l) => [`${l.record.requestId}/${l.record.row}`, l.label]),
    ),
  )

function record(requestId: string, row = 0): PredictionRecord {
  return {
    requestId,
    row,
    time: Date.parse('2024-05-01T10:00:00Z'),
    model: 'churn',
    version: 1,
    alias: null,
    arm: 'primary',
    inputs: { age: 40 },
    outputs: { prediction: 3.5 },
    latencyMs: 1,
    cache: 'off',
    errorCode: null,
    errorMessage: null,
  }
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), 'shipyard-feedback-cli-'))
  await withLog((log) => log.append([record('a'), record('b'), record('b', 1), record('c'), record('007')]))
})
after(() => rm(home, { recursive: true, force: true }))

describe('shipyard feedback', () => {
  it('stores a CSV of labels: quoted fields, numbers as numbers, rows, a duplicate (the later line wins) and unmatched ids', async () => {
    const csv = await file(
      'labels.csv',
      '\uFEFFlabel,request_id,row\r\n4.25,a,\r\n"yes, mostly",b,1\r\n\r\n3,a,0\r\n2,zz,\n7,c,5\n01,007,\n',
    )
    const outcome = await feedback('--file', csv)
    assert.equal(outcome.code, 0, outcome.stderr)
    assert.equal(
      outcome.stdout,
      `stored 4 labels from ${csv} (1 replacing earlier labels)\n2 matched no logged prediction (zz, c); they were not stored\n`,
    )
    assert.deepEqual(await labels(), { 'a/0': 3, 'b/1': 'yes, mostly', '007/0': '01' })
  })

  it('takes JSON lines, and a late label replaces the stored one and is counted', async () => {
    const jsonl = await file(
      'late.jsonl',
      '{"request_id": "a", "label": 5}\n\n{"request_id": "b", "label": "no"}\n',
    )
    const outcome = await feedback('--file', jsonl, '--json')
    assert.equal(outcome.code, 0, outcome.stderr)
    assert.deepEqual(JSON.parse(outcome.stdout), {
      accepted: 2,
      replaced: 1,
      unmatched: 0,
      unmatched_ids: [],
    })
    assert.deepEqual(await labels(), { 'a/0': 5, 'b/0': 'no', 'b/1': 'yes, mostly', '007/0': '01' })
  })

  it('names the file, line and field of a bad label and stores nothing of the file', async () => {
    const before = await labels()
    const cases: [string, string, RegExp, Record<string, unknown>][] = [
      [
        'bad-row.csv',
        'request_id,label,row\na,1,0\nb,2,1.5\n',
        /bad-row\.csv line 3: row must be .* got "1\.5"/,
        { line: 3, field: 'row' },
      ],
      [
        'bad-fields.csv',
        'request_id,label\n\na,1\nb,2,3\n',
        /line 4: has 3 fields; the header has 2/,
        { line: 4 },
      ],
      [
        'bad-quote.csv',
        'request_id,label\na,"yes\n',
        /line 2: has a quoted field that is not closed/,
        { line: 2 },
      ],
      [
        'no-header.csv',
        'a,1\n',
        /line 1: header names 'a'; the header is request_id,label\[,row\]/,
        { line: 1, field: 'header' },
      ],
      ['typo.csv', 'request_id,lable\n', /did you mean 'label'/, { line: 1, field: 'header' }],
      [
        'empty-label.csv',
        'request_id,label\na,\n',
        /line 2: label must be a class or a value/,
        { line: 2, field: 'label' },
      ],
      [
        'bad.jsonl',
        '{"request_id": "a", "label": 1}\n{"request_id": "a", "label": 1\n',
        /bad\.jsonl line 2: is not JSON/,
        { line: 2 },
      ],
      [
        'number-id.jsonl',
        '{"request_id": 7, "label": 1}\n',
        /line 1: request_id must be .* got 7/,
        { line: 1, field: 'request_id' },
      ],
    ]
    for (const [name, text, message, details] of cases) {
      const path = await file(name, text)
      const outcome = await feedback('--file', path, '--json')
      assert.equal(outcome.code, 1, `${name}: ${outcome.stdout}`)
      const error = (
        JSON.parse(outcome.stderr) as { error: { code: string; message: string; details: object } }
      ).error
      assert.equal(error.code, 'INVALID_PARAMETER_VALUE', name)
      assert.match(error.message, message, name)
      assert.deepEqual(error.details, { file: path, ...details }, name)
    }
    assert.deepEqual(await labels(), before)
  })

  it('refuses other file types and a missing file', async () => {
    const txt = await file('labels.txt', 'request_id,label\na,1\n')
    assert.match((await feedback('--file', txt)).stderr, /neither \.csv nor \.jsonl/)
    const missing = await feedback('--file', join(home, 'missing.csv'))
    assert.equal(missing.code, 1)
    assert.match(missing.stderr, /missing\.csv: no such file/)
    assert.equal((await feedback()).code, EXIT_USAGE)
  })
})
