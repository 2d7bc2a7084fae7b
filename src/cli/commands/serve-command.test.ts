import assert from 'node:assert/strict'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Command } from 'commander'
import { homeWithModel, until } from '../../serving/testing/serving-fixtures.js'
import type { CliIo, OutputStream } from '../cli-io.js'
import { addGlobalOptions } from '../global-options.js'
import { registerServeCommand } from './serve-command.js'

function capture(): OutputStream & { text: string } {
  const stream = {
    text: '',
    isTTY: false,
    write(chunk: string) {
      stream.text += chunk
    },
  }
  return stream
}

describe('shipyard serve', () => {
  let home: string
  before(async () => {
    home = await homeWithModel('shipyard-serve-')
  })
  after(() => rmSync(home, { recursive: true, force: true }))

  it('serves the models with a production alias, prints where, logs JSON with request ids, and stops on SIGTERM', async () => {
    const io: CliIo & { stdout: { text: string }; stderr: { text: string } } = {
      stdout: capture(),
      stderr: capture(),
      env: {},
    }
    const program = addGlobalOptions(new Command('shipyard').exitOverride())
    registerServeCommand(program, io)
    const args = [
      'serve',
      '--port',
      '0',
      '--json',
      '--home',
      home,
      '--database-url',
      join(home, 'shipyard.db'),
    ]
    const running = program.parseAsync(args, { from: 'user' })
    let started: { url: string; models: { name: string; version: number }[] } | undefined
    await until(() => {
      try {
        started = JSON.parse(io.stdout.text)
      } catch {
        // Not printed yet.
      }
      return started !== undefined
    }, 'the server to start')
    assert.deepEqual(
      started!.models.map((m) => [m.name, m.version]),
      [['spend', 1]],
    )
    const response = await fetch(`${started!.url}/v1/models/spend:predict`, {
      method: 'POST',
      headers: { 'x-request-id': 'cli-trace-1' },
      body: JSON.stringify({ instances: [{ amount: 1, city: 'lima' }] }),
    })
    assert.equal(response.status, 200)
    process.emit('SIGTERM', 'SIGTERM')
    await running
    const logged = io.stderr.text
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { request_id?: string })
    assert.ok(
      logged.some((entry) => entry.request_id === 'cli-trace-1'),
      'a JSON log line carries the request id',
    )
    assert.match(io.stderr.text, /SIGTERM: shutting down/)
    await assert.rejects(fetch(`${started!.url}/healthz`), 'no longer listening')
  })
  it('refuses a --config file with a bad policy before serving, naming the file and the field', async () => {
    const config = join(home, 'serving.yaml')
    writeFileSync(
      config,
      'models:\n  spend:\n    canary:\n      - { target: production, weight: 90 }\n      - { target: 2, weight: 20 }\n',
    )
    const io: CliIo = { stdout: capture(), stderr: capture(), env: {} }
    const program = addGlobalOptions(new Command('shipyard').exitOverride())
    registerServeCommand(program, io)
    const args = ['serve', '--port', '0', '--home', home, '--config', config]
    await assert.rejects(program.parseAsync(args, { from: 'user' }), (error: Error) => {
      assert.match(error.message, /serving\.yaml: models\.spend\.canary: the weights add up to 110/)
      return true
    })
  })
})
