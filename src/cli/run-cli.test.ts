import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { runCli } from './run-cli.js'
import { captureIo } from './testing/run-command.js'

/** `shipyard ...args` in process: exit code and both streams. */
async function shipyard(...args: string[]) {
  const captured = captureIo()
  const code = await runCli(args, captured.io)
  return { code, stdout: captured.stdout(), stderr: captured.stderr() }
}

describe('runCli', () => {
  it('prints the package version for --version and -V before any command', async () => {
    for (const flag of ['--version', '-V']) {
      const result = await shipyard(flag)
      assert.equal(result.code, 0)
      assert.match(result.stdout.trim(), /^\d+\.\d+\.\d+$/)
    }
  })

  it("leaves a command's own --version to the command instead of printing the package version", async () => {
    const home = await mkdtemp(join(tmpdir(), 'shipyard-run-cli-'))
    try {
      const result = await shipyard('models', 'show', 'nothing-here', '--version', '1', '--home', home)
      assert.equal(result.code, 1)
      assert.match(result.stderr, /nothing-here/)
      assert.doesNotMatch(result.stdout, /^0\.1\.0/)
    } finally {
      await rm(home, { recursive: true, force: true })
    }
  })
})
