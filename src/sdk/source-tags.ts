import { readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { currentUser } from '../shared/index.js'

/**
 * The system tag keys that the SDK sets on the runs it starts: MLflow's, and `shipyard.alert_id` on
 * every run started by a retraining command an alert ran (which reads it back to link the run).
 *
 * @example
 * const commit = (await shipyard.store.getRun(runId)).data.tags[SYSTEM_TAGS.gitCommit]
 */
export const SYSTEM_TAGS = {
  user: 'mlflow.user',
  sourceName: 'mlflow.source.name',
  sourceType: 'mlflow.source.type',
  gitCommit: 'mlflow.source.git.commit',
  parentRunId: 'mlflow.parentRunId',
  alertId: 'shipyard.alert_id',
} as const

/** Set by the server for the retraining command an alert starts: the alert's id. */
const ALERT_ID_ENV = 'SHIPYARD_ALERT_ID'

/**
 * Where a run comes from; each part defaults to the current process.
 *
 * @example
 * await sourceTags({ cwd: '/repo', script: '/repo/train.ts', user: 'ada' })
 */
export interface SourceContext {
  readonly cwd?: string
  /** The entry script; default `process.argv[1]`. */
  readonly script?: string | undefined
  readonly user?: string | undefined
  /** Where `SHIPYARD_ALERT_ID` is read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/**
 * MLflow's source tags for a run started by this process: `mlflow.user`, `mlflow.source.name`,
 * `mlflow.source.type` (`LOCAL`) and `mlflow.source.git.commit` when the working directory is inside
 * a git repository; and `shipyard.alert_id` when the process is a retraining command an alert started
 * (`SHIPYARD_ALERT_ID` is set). A tag whose value cannot be found is left out; this never throws.
 *
 * @example
 * const tags = await sourceTags()
 * // { 'mlflow.user': 'ada', 'mlflow.source.name': '/repo/train.ts', 'mlflow.source.type': 'LOCAL',
 * //   'mlflow.source.git.commit': '3f1c…' }
 */
export async function sourceTags(context: SourceContext = {}): Promise<Record<string, string>> {
  const tags: Record<string, string> = { [SYSTEM_TAGS.sourceType]: 'LOCAL' }
  const user = context.user ?? currentUser()
  if (user) tags[SYSTEM_TAGS.user] = user
  const script = 'script' in context ? context.script : process.argv[1]
  if (script) tags[SYSTEM_TAGS.sourceName] = script
  const commit = await gitCommit(context.cwd ?? process.cwd())
  if (commit) tags[SYSTEM_TAGS.gitCommit] = commit
  const alertId = (context.env ?? process.env)[ALERT_ID_ENV]
  if (alertId) tags[SYSTEM_TAGS.alertId] = alertId
  return tags
}

/**
 * The commit checked out in the git repository containing `cwd`, read from `.git` files (HEAD, the
 * ref file, then `packed-refs`) without spawning git. Handles worktrees and submodules, whose `.git`
 * is a file pointing elsewhere. `undefined` outside a repository or before the first commit.
 *
 * @example
 * await gitCommit('/work/repo') // '3f1c9a…' (40 hex characters)
 */
export async function gitCommit(cwd: string): Promise<string | undefined> {
  try {
    const gitDir = await findGitDir(resolve(cwd))
    if (!gitDir) return undefined
    const head = (await readFile(join(gitDir, 'HEAD'), 'utf8')).trim()
    const ref = /^ref:\s*(.+)$/.exec(head)?.[1]
    if (!ref) return isSha(head) ? head : undefined
    // In a worktree, HEAD is private but refs live in the common directory.
    const commonDir = await readCommonDir(gitDir)
    return (await readRef(gitDir, ref)) ?? (commonDir === gitDir ? undefined : await readRef(commonDir, ref))
  } catch {
    return undefined
  }
}

async function findGitDir(start: string): Promise<string | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, '.git')
    const info = await stat(candidate).catch(() => undefined)
    if (info?.isDirectory()) return candidate
    if (info?.isFile()) {
      const pointer = /^gitdir:\s*(.+)$/m.exec(await readFile(candidate, 'utf8'))?.[1]?.trim()
      if (pointer) return isAbsolute(pointer) ? pointer : resolve(dir, pointer)
    }
    if (dirname(dir) === dir) return undefined
  }
}

async function readCommonDir(gitDir: string): Promise<string> {
  const common = await readFile(join(gitDir, 'commondir'), 'utf8').catch(() => undefined)
  if (!common) return gitDir
  const path = common.trim()
  return isAbsolute(path) ? path : resolve(gitDir, path)
}

async function readRef(gitDir: string, ref: string): Promise<string | undefined> {
  const loose = await readFile(join(gitDir, ref), 'utf8').catch(() => undefined)
  if (loose !== undefined && isSha(loose.trim())) return loose.trim()
  const packed = await readFile(join(gitDir, 'packed-refs'), 'utf8').catch(() => undefined)
  for (const line of packed?.split('\n') ?? []) {
    const [sha, name] = line.trim().split(' ')
    if (name === ref && sha && isSha(sha)) return sha
  }
  return undefined
}

function isSha(value: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value)
}
