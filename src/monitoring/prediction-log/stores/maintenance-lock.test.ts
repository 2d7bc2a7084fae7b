import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { withMaintenanceLock } from './maintenance-lock.js'

it('runs work alone, skips while a live process holds the lock, takes over a dead holder’s at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shipyard-lock-'))
  const lock = join(dir, '.maintenance.lock')
  try {
    const inner = await withMaintenanceLock(lock, async () => {
      assert.equal(JSON.parse(await readFile(lock, 'utf8')).pid, process.pid)
      return withMaintenanceLock(lock, async () => 'nested')
    })
    assert.equal(inner, undefined)
    await assert.rejects(readFile(lock), { code: 'ENOENT' })
    // A pid no process has (above the kernel's pid_max) on this host: its holder died.
    await writeFile(lock, JSON.stringify({ pid: 2 ** 30, host: hostname(), since: Date.now() }))
    assert.equal(await withMaintenanceLock(lock, async () => 'taken over'), 'taken over')
    await writeFile(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() }))
    assert.equal(await withMaintenanceLock(lock, async () => 'never'), undefined)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
