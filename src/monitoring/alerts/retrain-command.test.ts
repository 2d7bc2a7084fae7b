// Retraining commands as real processes: environment and folder, exit codes, signals, and the ways a
// command can fail to start, all reported through `exited` rather than thrown.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startRetrain } from './retrain-command.js'

let dir: string
// Commands do not keep the process alive (a server must be able to exit while one runs); this does,
// as a serving process would, so that their exits are seen.
let keepAlive: NodeJS.Timeout
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipyard-retrain-'))
  keepAlive = setInterval(() => {}, 1000)
})
after(async () => {
  clearInterval(keepAlive)
  await rm(dir, { recursive: true, force: true })
})

const node = (script: string, ...args: string[]) => [process.execPath, '-e', script, ...args]

describe('startRetrain', () => {
  it('runs the command in its folder with the extra environment, and reports its exit code', async () => {
    const script = `require('fs').writeFileSync('seen.json', JSON.stringify({ id: process.env.SHIPYARD_ALERT_ID, cwd: process.cwd() })); process.exit(3)`
    const started = startRetrain({ command: node(script), cwd: dir }, { SHIPYARD_ALERT_ID: 'a1' })
    assert.ok(started.pid !== null && started.pid > 0)
    assert.deepEqual(await started.exited, { exitCode: 3, error: null })
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'seen.json'), 'utf8')), { id: 'a1', cwd: dir })
  })

  it('reports a signal, a program that does not exist and arguments spawn refuses, without throwing', async () => {
    const killed = startRetrain({ command: node(`process.kill(process.pid, 'SIGTERM')`), cwd: null }, {})
    assert.deepEqual(await killed.exited, { exitCode: null, error: 'killed by SIGTERM' })
    const missing = startRetrain({ command: ['shipyard-no-such-program'], cwd: null }, {})
    const { exitCode, error } = await missing.exited
    assert.deepEqual([missing.pid, exitCode], [null, null])
    assert.match(error!, /ENOENT/)
    const refused = startRetrain({ command: ['node', 'a\0b'], cwd: null }, {})
    assert.equal(refused.pid, null)
    assert.match((await refused.exited).error!, /null bytes/)
  })
})
