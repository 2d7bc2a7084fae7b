import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { CLI, cleanEnv, requireBuiltCli } from './cli-harness.js'

const home = mkdtempSync(join(tmpdir(), 'shipyard-pipe-'))
after(() => rmSync(home, { recursive: true, force: true }))

it('exits 0 without a stack when its reader closes stdout early (`shipyard quickstart | head -1`)', async () => {
  requireBuiltCli()
  const child = spawn(process.execPath, [CLI, 'quickstart'], { env: cleanEnv({ SHIPYARD_HOME: home }) })
  let stderr = ''
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  // Read the first chunk, then close the pipe as `head` does.
  child.stdout.once('data', () => child.stdout.destroy())
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  assert.equal(status, 0, stderr)
  assert.doesNotMatch(stderr, /EPIPE|Error/)
})
