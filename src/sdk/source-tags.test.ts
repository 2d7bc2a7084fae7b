import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { gitCommit, SYSTEM_TAGS, sourceTags } from './source-tags.js'

const SHA_A = 'a'.repeat(40)
const SHA_B = 'b'.repeat(40)
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-git-'))
  dirs.push(dir)
  return dir
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
}

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('gitCommit', () => {
  it('reads the commit of this repository as git does', async () => {
    const expected = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    assert.equal(await gitCommit(join(process.cwd(), 'src', 'sdk')), expected)
  })

  it('resolves a loose ref file', async () => {
    const repo = tempDir()
    write(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    write(join(repo, '.git', 'refs', 'heads', 'main'), `${SHA_A}\n`)
    mkdirSync(join(repo, 'deep', 'er'), { recursive: true })
    assert.equal(await gitCommit(join(repo, 'deep', 'er')), SHA_A)
  })

  it('falls back to packed-refs', async () => {
    const repo = tempDir()
    write(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    write(
      join(repo, '.git', 'packed-refs'),
      `# pack-refs with: peeled fully-peeled sorted\n${SHA_B} refs/heads/other\n${SHA_A} refs/heads/main\n`,
    )
    assert.equal(await gitCommit(repo), SHA_A)
  })

  it('reads a detached HEAD', async () => {
    const repo = tempDir()
    write(join(repo, '.git', 'HEAD'), `${SHA_B}\n`)
    assert.equal(await gitCommit(repo), SHA_B)
  })

  it('follows a worktree .git file to its git dir and the common dir', async () => {
    const root = tempDir()
    const worktreeGitDir = join(root, 'main', '.git', 'worktrees', 'feature')
    write(join(worktreeGitDir, 'HEAD'), 'ref: refs/heads/feature\n')
    write(join(worktreeGitDir, 'commondir'), '../..\n')
    write(join(root, 'main', '.git', 'refs', 'heads', 'feature'), `${SHA_B}\n`)
    write(join(root, 'feature', '.git'), `gitdir: ${worktreeGitDir}\n`)
    assert.equal(await gitCommit(join(root, 'feature')), SHA_B)
  })

  it('is undefined before the first commit and outside a repository', async () => {
    const repo = tempDir()
    write(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n')
    assert.equal(await gitCommit(repo), undefined)
    // The temp folder's ancestors are not a repository on any sane machine; check that first.
    const outside = tempDir()
    assert.throws(() => execFileSync('git', ['rev-parse', 'HEAD'], { cwd: outside, stdio: 'ignore' }))
    assert.equal(await gitCommit(outside), undefined)
  })
})

describe('sourceTags', () => {
  it("sets MLflow's user, source and commit tags", async () => {
    const repo = tempDir()
    write(join(repo, '.git', 'HEAD'), `${SHA_A}\n`)
    assert.deepEqual(await sourceTags({ cwd: repo, script: '/jobs/train.ts', user: 'ada' }), {
      [SYSTEM_TAGS.sourceType]: 'LOCAL',
      [SYSTEM_TAGS.user]: 'ada',
      [SYSTEM_TAGS.sourceName]: '/jobs/train.ts',
      [SYSTEM_TAGS.gitCommit]: SHA_A,
    })
  })

  it('leaves out what it cannot find', async () => {
    const tags = await sourceTags({ cwd: tempDir(), script: undefined, user: 'ada', env: {} })
    assert.deepEqual(Object.keys(tags).sort(), [SYSTEM_TAGS.user, SYSTEM_TAGS.sourceType].sort())
  })

  it('links a run started by the retraining command of an alert to the alert', async () => {
    const context = { cwd: tempDir(), script: undefined, user: 'ada' }
    const tags = await sourceTags({ ...context, env: { SHIPYARD_ALERT_ID: 'a1b2' } })
    assert.equal(tags[SYSTEM_TAGS.alertId], 'a1b2')
    assert.equal(
      (await sourceTags({ ...context, env: { SHIPYARD_ALERT_ID: '' } }))[SYSTEM_TAGS.alertId],
      undefined,
    )
  })
})
