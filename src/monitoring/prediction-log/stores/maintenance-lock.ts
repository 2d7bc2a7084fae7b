import { open, readFile, rm, stat, utimes } from 'node:fs/promises'
import { hostname } from 'node:os'

// A holder refreshes the lock this often; one not refreshed for STALE_MS died holding it.
const REFRESH_MS = 30_000
const STALE_MS = 5 * 60_000

/**
 * Runs `work` holding the lock file at `path` (created exclusively), so that of all the processes
 * sharing a prediction-log folder (a `serve --workers` cluster, a CLI run beside a server) one at a
 * time merges or deletes files. Never waits: when another process holds the lock, returns
 * `undefined` without running `work` (maintenance is retried later anyway). A lock whose holder died
 * is taken over at once when the holder ran on this host (its pid is gone), otherwise once it has not
 * been refreshed for five minutes.
 */
export async function withMaintenanceLock<T>(path: string, work: () => Promise<T>): Promise<T | undefined> {
  if (!(await acquire(path))) return undefined
  const refresh = setInterval(() => {
    const now = new Date()
    utimes(path, now, now).catch(() => {})
  }, REFRESH_MS)
  refresh.unref()
  try {
    return await work()
  } finally {
    clearInterval(refresh)
    await rm(path, { force: true })
  }
}

async function acquire(path: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() }))
      await handle.close()
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (await isHeld(path)) return false
      await rm(path, { force: true })
    }
  }
  return false
}

async function isHeld(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null)
  if (info === null) return false
  const holder = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as { pid?: unknown; host?: unknown },
    () => ({}) as { pid?: unknown; host?: unknown },
  )
  if (holder.host === hostname() && typeof holder.pid === 'number' && !isAlive(holder.pid)) return false
  return Date.now() - info.mtimeMs < STALE_MS
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
