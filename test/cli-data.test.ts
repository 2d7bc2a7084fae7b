// End-to-end tests of `shipyard data profile|validate|split` on the built CLI, on small seeded CSV and
// Parquet files in a temp dir: the tables and JSON they print, the files they write (read back with
// DuckDB), exit codes, and the one-line errors for bad input.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import type { CliIo } from '../src/cli/cli-io.js'
import { runCli } from '../src/cli/run-cli.js'
import { Random } from '../src/shared/random.js'
import { json, ok, requireBuiltCli, shipyard } from './cli-harness.js'

const ROWS = 300
const CITIES = ['Paris', 'Lyon', 'Nice', 'Lille'] as const
const START = Date.UTC(2024, 0, 1)
const HOUR = 3_600_000

/** The generated table, column by column, so that tests can compute what the CLI must report. */
interface Generated {
  readonly id: number[]
  readonly age: (number | null)[]
  readonly city: string[]
  readonly plan: string[]
  readonly user: string[]
  readonly ts: number[]
  readonly active: boolean[]
}

function generate(seed: number): Generated {
  const rng = new Random(seed)
  const g: Generated = { id: [], age: [], city: [], plan: [], user: [], ts: [], active: [] }
  for (let i = 0; i < ROWS; i++) {
    g.id.push(i)
    g.age.push(i % 37 === 0 ? null : 18 + rng.nextInt(60))
    g.city.push(CITIES[rng.nextInt(10) < 5 ? 0 : rng.nextInt(4)]!)
    g.plan.push(rng.nextInt(10) < 3 ? 'premium' : 'basic')
    g.user.push(`u${rng.nextInt(40)}`)
    g.ts.push(START + i * HOUR)
    g.active.push(rng.nextInt(2) === 1)
  }
  return g
}

function toCsv(g: Generated): string {
  const lines = ['id,age,city,plan,user,ts,active']
  for (let i = 0; i < ROWS; i++) {
    const ts = new Date(g.ts[i]!).toISOString().replace('T', ' ').slice(0, 19)
    lines.push([g.id[i], g.age[i] ?? '', g.city[i], g.plan[i], g.user[i], ts, g.active[i]].join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Runs one query on a fresh in-memory DuckDB and returns its rows as JSON-friendly objects. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[]
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function ids(file: string): Promise<number[]> {
  return (await query(`SELECT id FROM '${file}'`)).map((row) => Number(row.id))
}

before(requireBuiltCli)

describe('shipyard data', () => {
  let dir: string
  let csv: string
  let parquet: string
  let data: Generated
  const env = () => ({ SHIPYARD_HOME: join(dir, 'home') })
  const path = (name: string) => join(dir, name)

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shipyard-data-cli-'))
    data = generate(7)
    csv = path('customers.csv')
    writeFileSync(csv, toCsv(data))
    parquet = path('customers.parquet')
    await query(`COPY (SELECT * FROM read_csv('${csv}')) TO '${parquet}' (FORMAT parquet)`)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  describe('profile', () => {
    it('prints one row per column with its type and statistics, and nothing on stderr off a terminal', () => {
      const result = shipyard(['data', 'profile', csv], env())
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stderr, '', 'no progress bar, no notes')
      const lines = result.stdout.split('\n')
      assert.match(lines[0]!, new RegExp(`${ROWS} rows, 7 columns`))
      const header = lines.find((l) => l.startsWith('COLUMN'))!
      assert.match(header, /COLUMN\s+TYPE\s+COUNT\s+MISSING\s+DISTINCT\s+MEAN\s+STD\s+MIN\s+P50\s+MAX/)
      const age = lines.find((l) => l.startsWith('age '))!.split(/\s+/)
      const present = data.age.filter((a) => a !== null) as number[]
      assert.deepEqual(age.slice(0, 5), [
        'age',
        'numeric',
        String(ROWS),
        String(ROWS - present.length),
        age[4],
      ])
      assert.equal(Number(age[7]), Math.min(...present))
      assert.equal(Number(age[9]), Math.max(...present))
      assert.match(lines.find((l) => l.startsWith('city '))!, /^city\s+categorical\s+300\s+0\s+4\s/)
      assert.match(lines.find((l) => l.startsWith('ts '))!, /datetime .*2024-01-01T00:00:00Z/)
      // Top values of the categorical columns, most frequent first.
      assert.match(result.stdout, /Top values:\n(.|\n)*city: "Paris" \d+\.\d%/)
    })

    it('draws a progress bar on a terminal only, and clears it', async () => {
      const written = { stdout: '', stderr: '' }
      const terminal = (name: 'stdout' | 'stderr') => ({
        write: (text: string) => {
          written[name] += text
        },
        isTTY: true,
        columns: 80,
      })
      const io: CliIo = { stdout: terminal('stdout'), stderr: terminal('stderr'), env: {} }
      assert.equal(await runCli(['data', 'profile', csv], io), 0)
      assert.match(written.stderr, /\rprofiling \[#+-*\] \d+%/)
      assert.ok(written.stderr.endsWith('\r\u001b[2K'), 'the bar is cleared at the end')
      assert.ok(!written.stdout.includes('profiling'), 'never on stdout')
    })

    it('--json: the profile, schema and load report, with statistics that match the data', () => {
      const out = json<{
        source: string
        schema: { columns: { name: string; type: string }[] }
        load: { rowsRead: number; rowsDropped: number }
        profile: {
          rowCount: number
          fingerprint: string
          columns: { name: string; type: string; missing: number; mean?: number; distinct: number }[]
        }
        html: null
      }>(['data', 'profile', csv], env())
      assert.equal(out.source, csv)
      assert.deepEqual(
        out.schema.columns.map((c) => [c.name, c.type]),
        [
          ['id', 'numeric'],
          ['age', 'numeric'],
          ['city', 'categorical'],
          ['plan', 'categorical'],
          ['user', 'categorical'],
          ['ts', 'datetime'],
          ['active', 'boolean'],
        ],
      )
      assert.deepEqual([out.load.rowsRead, out.load.rowsDropped, out.profile.rowCount], [ROWS, 0, ROWS])
      assert.match(out.profile.fingerprint, /^[0-9a-f]{64}$/)
      const age = out.profile.columns.find((c) => c.name === 'age')!
      const present = data.age.filter((a) => a !== null) as number[]
      assert.equal(age.missing, ROWS - present.length)
      assert.ok(Math.abs(age.mean! - present.reduce((s, a) => s + a, 0) / present.length) < 1e-9)
      assert.equal(out.profile.columns.find((c) => c.name === 'user')!.distinct, new Set(data.user).size)
      assert.equal(out.html, null)
    })

    it('reads Parquet to the same profile as the CSV (same fingerprint)', () => {
      type Out = { profile: { fingerprint: string; columns: unknown[] } }
      const fromCsv = json<Out>(['data', 'profile', csv], env())
      const fromParquet = json<Out>(['data', 'profile', parquet], env())
      assert.equal(fromParquet.profile.fingerprint, fromCsv.profile.fingerprint)
      assert.deepEqual(fromParquet.profile.columns, fromCsv.profile.columns)
    })

    it('--html writes a self-contained report with histograms, and prints its path', () => {
      const html = path('report.html')
      const out = ok(['data', 'profile', parquet, '--html', html], env())
      assert.ok(out.includes(`HTML report: ${html}`))
      const page = readFileSync(html, 'utf8')
      assert.match(page, /^<!doctype html>/i)
      assert.ok(page.includes('<svg'), 'has an SVG chart')
      assert.ok(page.includes('age') && page.includes('Paris'))
    })

    it('--sql profiles a query over the file, derived columns included', () => {
      const sql = `SELECT age, age * 2 AS double_age FROM '${parquet}' WHERE age IS NOT NULL`
      const out = json<{
        source: string
        profile: { rowCount: number; columns: { name: string; max: number }[] }
      }>(['data', 'profile', '--sql', sql], env())
      const present = data.age.filter((a) => a !== null) as number[]
      assert.equal(out.source, 'query')
      assert.equal(out.profile.rowCount, present.length)
      assert.equal(out.profile.columns[1]!.name, 'double_age')
      assert.equal(out.profile.columns[1]!.max, 2 * Math.max(...present))
    })
  })

  describe('validate', () => {
    const pass = {
      expectations: [
        { kind: 'required', column: 'id' },
        { kind: 'unique', column: 'id' },
        { kind: 'range', column: 'age', min: 18, max: 80 },
        { kind: 'allowed_categories', column: 'city', values: [...CITIES] },
        { kind: 'max_null_fraction', column: 'age', max: 0.05 },
        { kind: 'row_count', min: ROWS, max: ROWS },
      ],
    }

    it('exits 0 and says so when every expectation holds', () => {
      const schema = path('pass.json')
      writeFileSync(schema, JSON.stringify(pass))
      const out = ok(['data', 'validate', csv, '--schema', schema], env())
      assert.match(out, /all 6 expectations passed \(300 rows\)/)
    })

    it('exits 1 when one fails: the report names the column and example rows, stderr says how many', () => {
      const schema = path('fail.json')
      const tooYoung = data.age.filter((a) => a !== null && a > 50).length
      writeFileSync(
        schema,
        JSON.stringify({
          expectations: [...pass.expectations, { kind: 'range', column: 'age', max: 50 }],
        }),
      )
      const result = shipyard(['data', 'validate', csv, '--schema', schema], env())
      assert.equal(result.status, 1)
      assert.match(result.stdout, /1 of 7 expectations failed/)
      assert.match(result.stdout, new RegExp(`FAIL expectations\\[6\\] 'age' .*${tooYoung} rows`))
      assert.match(result.stdout, /row \d+: \d+/)
      assert.equal(result.stderr, `error: ${csv}: 1 of 7 expectations failed ('age' range)\n`)

      const asJson = shipyard(['data', 'validate', csv, '--schema', schema, '--json'], env())
      assert.equal(asJson.status, 1)
      const report = JSON.parse(asJson.stdout) as {
        valid: boolean
        failed: { column: string; failingCount: number }[]
      }
      assert.equal(report.valid, false)
      assert.deepEqual(
        report.failed.map((f) => [f.column, f.failingCount]),
        [['age', tooYoung]],
      )
      assert.equal(
        (JSON.parse(asJson.stderr) as { error: { code: string } }).error.code,
        'INVALID_PARAMETER_VALUE',
      )
    })

    it('a schema file that is not JSON: one line naming the file, line and column; the data is not read', () => {
      const schema = path('broken.json')
      writeFileSync(schema, '{\n  "expectations": [\n    { "kind": "required" "column": "id" }\n  ]\n}\n')
      const result = shipyard(['data', 'validate', path('absent.csv'), '--schema', schema], env())
      assert.equal(result.status, 1)
      assert.match(result.stderr, new RegExp(`^error: ${schema}:3:26: not valid JSON`))
      assert.equal(result.stderr.trim().split('\n').length, 1)
    })

    it('an unknown expectation field names the file and entry', () => {
      const schema = path('typo.json')
      writeFileSync(
        schema,
        JSON.stringify({ expectations: [{ kind: 'required', column: 'age', colum: 'id' }] }),
      )
      const result = shipyard(['data', 'validate', csv, '--schema', schema], env())
      assert.equal(result.status, 1)
      assert.match(result.stderr, new RegExp(`^error: ${schema}: expectations\\[0\\]\\.colum`))
    })
  })

  describe('split', () => {
    interface SplitJson {
      spec: Record<string, unknown>
      rows: number
      fingerprint: string
      files: { part: string; path: string; rows: number }[]
      splitJson: string
    }

    it('random: train + test hold every row once, in order, with the column types kept', async () => {
      const out = path('random')
      const printed = ok(
        ['data', 'split', csv, '--by', 'random', '--test-fraction', '0.25', '--out', out],
        env(),
      )
      assert.match(printed, /train\s+225\s/)
      assert.match(printed, /test\s+75\s/)
      assert.match(printed, /spec: \{"kind":"random","testFraction":0.25,"seed":42\}/)
      const train = await ids(join(out, 'train.parquet'))
      const test = await ids(join(out, 'test.parquet'))
      assert.equal(train.length + test.length, ROWS)
      assert.deepEqual(
        [...train, ...test].sort((a, b) => a - b),
        data.id,
      )
      assert.deepEqual(
        train,
        [...train].sort((a, b) => a - b),
        'rows keep their order',
      )
      const types = await query(`DESCRIBE SELECT * FROM '${join(out, 'train.parquet')}'`)
      assert.deepEqual(
        types.map((t) => [t.column_name, t.column_type]),
        [
          ['id', 'DOUBLE'],
          ['age', 'DOUBLE'],
          ['city', 'VARCHAR'],
          ['plan', 'VARCHAR'],
          ['user', 'VARCHAR'],
          ['ts', 'TIMESTAMP'],
          ['active', 'BOOLEAN'],
        ],
      )
      // Values survive: the missing ages are NULL, the times exact.
      const rows = await query(
        `SELECT count(*) - count(age) AS missing, min(ts)::VARCHAR AS first FROM '${join(out, '*.parquet')}'`,
      )
      assert.equal(Number(rows[0]!.missing), data.age.filter((a) => a === null).length)
      assert.equal(rows[0]!.first, '2024-01-01 00:00:00')
    })

    it('is reproducible: the same seed gives the same parts, another seed others; split.json replays it', async () => {
      const run = (name: string, seed: string) =>
        json<SplitJson>(
          ['data', 'split', parquet, '--by', 'random', '--seed', seed, '--out', path(name)],
          env(),
        )
      const a = run('seed-a', '3')
      const b = run('seed-b', '3')
      const c = run('seed-c', '4')
      const testOf = (name: string) => ids(join(path(name), 'test.parquet'))
      assert.deepEqual(await testOf('seed-a'), await testOf('seed-b'))
      assert.notDeepEqual(await testOf('seed-a'), await testOf('seed-c'))
      assert.equal(a.fingerprint, b.fingerprint)
      assert.equal(c.fingerprint, a.fingerprint)

      const record = JSON.parse(readFileSync(a.splitJson, 'utf8')) as SplitJson
      assert.deepEqual(record.spec, { kind: 'random', testFraction: 0.2, seed: 3 })
      json(['data', 'split', csv, '--spec', a.splitJson, '--out', path('replayed')], env())
      assert.deepEqual(await ids(join(path('replayed'), 'test.parquet')), await testOf('seed-a'))
    })

    it('stratified keeps the label share on both sides; group keeps each user on one side', async () => {
      const stratified = path('stratified')
      json(['data', 'split', csv, '--by', 'stratified', '--column', 'plan', '--out', stratified], env())
      const share = async (file: string) =>
        Number((await query(`SELECT avg((plan = 'premium')::INT) AS s FROM '${file}'`))[0]!.s)
      const overall = data.plan.filter((c) => c === 'premium').length / ROWS
      assert.ok(Math.abs((await share(join(stratified, 'test.parquet'))) - overall) < 0.02)

      const group = path('group')
      json(['data', 'split', csv, '--by', 'group', '--column', 'user', '--out', group], env())
      const both = await query(
        `SELECT count(*) AS n FROM (SELECT DISTINCT user FROM '${join(group, 'train.parquet')}') ` +
          `JOIN (SELECT DISTINCT user FROM '${join(group, 'test.parquet')}') USING (user)`,
      )
      assert.equal(Number(both[0]!.n), 0)
    })

    it('time: train strictly before the cutoff, test from it on', async () => {
      const out = path('time')
      const result = json<SplitJson>(
        ['data', 'split', csv, '--by', 'time', '--column', 'ts', '--cutoff', '2024-01-07', '--out', out],
        env(),
      )
      const before = data.ts.filter((t) => t < Date.UTC(2024, 0, 7)).length
      assert.deepEqual(
        result.files.map((f) => [f.part, f.rows]),
        [
          ['train', before],
          ['test', ROWS - before],
        ],
      )
      const edges = await query(
        `SELECT (SELECT max(ts) FROM '${join(out, 'train.parquet')}')::VARCHAR AS last_train, ` +
          `(SELECT min(ts) FROM '${join(out, 'test.parquet')}')::VARCHAR AS first_test`,
      )
      assert.deepEqual(edges[0], { last_train: '2024-01-06 23:00:00', first_test: '2024-01-07 00:00:00' })
    })

    it('kfold: fold-N/train and fold-N/validation; each row validates exactly once', async () => {
      const out = path('kfold')
      const result = json<SplitJson>(
        ['data', 'split', parquet, '--by', 'kfold', '--k', '3', '--out', out],
        env(),
      )
      assert.deepEqual(
        result.files.map((f) => f.part),
        [
          'fold-1/train',
          'fold-1/validation',
          'fold-2/train',
          'fold-2/validation',
          'fold-3/train',
          'fold-3/validation',
        ],
      )
      const validated: number[] = []
      for (let f = 1; f <= 3; f++) {
        const train = await ids(join(out, `fold-${f}`, 'train.parquet'))
        const validation = await ids(join(out, `fold-${f}`, 'validation.parquet'))
        assert.equal(train.length + validation.length, ROWS)
        assert.equal(new Set([...train, ...validation]).size, ROWS)
        validated.push(...validation)
      }
      assert.deepEqual(
        validated.sort((a, b) => a - b),
        data.id,
      )
      assert.ok(existsSync(join(out, 'split.json')))
    })

    it('refuses flags the strategy does not use, and a missing --column, naming the flag', () => {
      const unused = shipyard(
        ['data', 'split', csv, '--by', 'random', '--column', 'city', '--out', path('x')],
        env(),
      )
      assert.equal(unused.status, 1)
      assert.equal(unused.stderr, 'error: --column: is not used by --by random\n')
      const missing = shipyard(['data', 'split', csv, '--by', 'group', '--out', path('x')], env())
      assert.equal(missing.status, 1)
      assert.match(missing.stderr, /^error: --column: --by group needs --column NAME\n$/)
      assert.ok(!existsSync(path('x')), 'nothing written')
    })
  })

  describe('bad input', () => {
    it('a missing file: exit 1, one line naming it', () => {
      const absent = path('nope.csv')
      const result = shipyard(['data', 'profile', absent], env())
      assert.equal(result.status, 1)
      assert.equal(result.stdout, '')
      assert.equal(result.stderr.split('\n').length, 2, result.stderr)
      assert.ok(result.stderr.startsWith('error: ') && result.stderr.includes(absent), result.stderr)
    })

    it('a ragged CSV: exit 1, one line naming the file and the line', () => {
      const ragged = path('ragged.csv')
      writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5,6\n7,8,9,10\n11,12,13\n')
      const result = shipyard(['data', 'profile', ragged], env())
      assert.equal(result.status, 1)
      assert.equal(result.stderr.split('\n').length, 2, result.stderr)
      assert.ok(result.stderr.includes(ragged), result.stderr)
      assert.match(result.stderr, /line 4/)
    })

    it('--bad-rows drop: the ragged line is dropped and reported on stderr, the rest profiled', () => {
      const ragged = path('ragged.csv')
      const result = shipyard(['data', 'profile', ragged, '--bad-rows', 'drop', '--json'], env())
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stderr, /dropped 1 of 4 rows/)
      assert.match(result.stderr, /line 4/)
      assert.equal((JSON.parse(result.stdout) as { profile: { rowCount: number } }).profile.rowCount, 3)
    })

    it('neither FILE nor --sql, or both: exit 1 saying so', () => {
      const neither = shipyard(['data', 'profile'], env())
      assert.equal(neither.status, 1)
      assert.match(neither.stderr, /give a FILE or --sql/)
      const both = shipyard(['data', 'profile', csv, '--sql', 'SELECT 1'], env())
      assert.equal(both.status, 1)
    })

    it('a bad --type names the entry and the types there are', () => {
      const result = shipyard(['data', 'profile', csv, '--type', 'age=number'], env())
      assert.equal(result.status, 1)
      assert.match(
        result.stderr,
        /--type: 'age=number' must read column=type with type one of numeric, categorical/,
      )
    })
  })
})

// docs/data.md's programs live in docs/examples/data/ (not docs/examples/, whose programs
// test/docs-examples.test.ts requires in docs/concepts.md and to open a tracking store).
describe('docs/data.md examples', () => {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const examples = readdirSync(join(root, 'docs/examples/data'))
    .filter((file) => file.endsWith('.ts'))
    .sort()

  it('docs/data.md shows each one verbatim, one per section', () => {
    assert.deepEqual(examples, [
      'loading.ts',
      'onnx.ts',
      'pipeline.ts',
      'profile.ts',
      'schema.ts',
      'splits.ts',
      'validation.ts',
    ])
    const doc = readFileSync(join(root, 'docs/data.md'), 'utf8')
    for (const file of examples) {
      const code = readFileSync(join(root, 'docs/examples/data', file), 'utf8').trim()
      assert.ok(doc.includes(`\`docs/examples/data/${file}\``), `docs/data.md does not name ${file}`)
      assert.ok(doc.includes(code), `docs/data.md does not show the current ${file}; paste it again`)
    }
  })

  for (const file of examples) {
    it(`${file} runs and its assertions hold`, () => {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(root, 'docs/examples/data', file)],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
        },
      )
      assert.equal(result.status, 0, `${file} failed:\n${result.stdout}\n${result.stderr}`)
      assert.notEqual(result.stdout.trim(), '', `${file} printed nothing`)
    })
  }
})
