// End-to-end tests of the built `shipyard` CLI when things go wrong: what it prints, where, and the
// exit code; a database it must not touch stays byte-identical.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { requireBuiltCli, shipyard } from './cli-harness.js'

before(requireBuiltCli)

describe('shipyard failures', () => {
  let home: string
  let env: Record<string, string>
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'shipyard-cli-'))
    env = { SHIPYARD_HOME: home }
  })
  after(() => rmSync(home, { recursive: true, force: true }))

  it('an unknown run: exit 1 and one line naming it; with --json a JSON error on stderr only', () => {
    const result = shipyard(['runs', 'show', 'abc'], env)
    assert.deepEqual(result, { status: 1, stdout: '', stderr: "error: run 'abc' does not exist\n" })
    const asJson = shipyard(['runs', 'show', 'abc', '--json'], env)
    assert.equal(asJson.status, 1)
    assert.equal(asJson.stdout, '')
    assert.deepEqual(JSON.parse(asJson.stderr), {
      error: {
        code: 'RESOURCE_DOES_NOT_EXIST',
        message: "run 'abc' does not exist",
        details: { run: 'abc' },
      },
    })
  })

  it('an unknown experiment in runs list names what was given', () => {
    const result = shipyard(['runs', 'list', '--experiment', 'nope'], env)
    assert.equal(result.status, 1)
    assert.match(result.stderr, /^error: experiment 'nope' does not exist/)
  })

  it('an invalid filter: exit 1 and the offending token underlined', () => {
    const filter = 'metrics.auc > 0.8 and params.model ~ 1'
    const result = shipyard(['runs', 'list', '--filter', filter], env)
    assert.equal(result.status, 1)
    assert.equal(result.stdout, '')
    const [message, source, caret] = result.stderr.split('\n')
    const position = Number(/position (\d+)/.exec(message!)?.[1])
    assert.match(message!, /^error: invalid filter at position \d+/)
    assert.equal(source, `  ${filter}`)
    assert.equal(caret!.indexOf('^'), 2 + position)
    assert.equal(position, filter.indexOf('~'))
  })

  it('usage errors exit 2', () => {
    for (const args of [
      ['nonsense'],
      ['runs', 'list', '--max', 'zero'],
      ['runs', 'show'],
      ['runs', 'compare', 'a'],
      ['experiments', 'list', '--view', 'gone'],
    ]) {
      const result = shipyard(args, env)
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`)
      assert.match(result.stderr, /error:/)
      assert.equal(result.stdout, '')
    }
    assert.equal(shipyard(['--help'], env).status, 0)
    assert.match(shipyard(['runs', 'list', '--help'], env).stdout, /--filter <expr>[\s\S]*--home <dir>/)
  })

  for (const [kind, bytes] of [
    [
      'random bytes',
      Buffer.from('this is not a database, just some text that happens to be here\n'.repeat(64)),
    ],
    [
      'a SQLite header over garbage',
      Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(8176, 0xab)]),
    ],
  ] as const) {
    it(`a corrupted database file (${kind}) is refused and left byte-identical`, () => {
      const corruptHome = mkdtempSync(join(tmpdir(), 'shipyard-corrupt-'))
      try {
        const file = join(corruptHome, 'shipyard.db')
        writeFileSync(file, bytes)
        for (const args of [['runs', 'list'], ['quickstart']]) {
          const result = shipyard(args, { SHIPYARD_HOME: corruptHome })
          assert.equal(result.status, 1, result.stderr)
          assert.match(result.stderr, /^error: refusing to use .*shipyard\.db: .*the file was not changed\n$/)
          assert.equal(result.stdout, '')
        }
        assert.ok(readFileSync(file).equals(bytes), 'the file changed')
        assert.deepEqual(readdirSync(corruptHome), ['shipyard.db'])
      } finally {
        rmSync(corruptHome, { recursive: true, force: true })
      }
    })
  }

  it('an invalid SHIPYARD_DATABASE_URL or --database-url is named in the message', () => {
    const fromEnv = shipyard(['runs', 'list'], { ...env, SHIPYARD_DATABASE_URL: 'mysql://localhost/db' })
    assert.equal(fromEnv.status, 1)
    assert.match(
      fromEnv.stderr,
      /^error: SHIPYARD_DATABASE_URL 'mysql:\/\/localhost\/db' has an unsupported scheme/,
    )
    const fromFlag = shipyard(['runs', 'list', '--database-url', 'postgres://'], env)
    assert.equal(fromFlag.status, 1)
    assert.match(fromFlag.stderr, /^error: --database-url /)
    const empty = shipyard(['experiments', 'list', '--json'], { ...env, SHIPYARD_HOME: ' ' })
    assert.equal(empty.status, 1)
    assert.equal(JSON.parse(empty.stderr).error.code, 'SHIPYARD_CONFIG_INVALID')
  })

  it('SHIPYARD_DEBUG=1 adds the stack', () => {
    const result = shipyard(['runs', 'show', 'abc'], { ...env, SHIPYARD_DEBUG: '1' })
    assert.equal(result.status, 1)
    assert.match(result.stderr, /^error: run 'abc' does not exist\nShipyardError: .*\n\s+at /)
  })
})
