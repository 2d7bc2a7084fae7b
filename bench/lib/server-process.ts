// Starts and stops the servers a benchmark measures, each a child process whose output goes to files
// (a pipe nobody reads would stall a server that logs every request).
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, openSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

/** A running server. */
export interface ServerProcess {
  readonly url: string
  readonly pid: number
  /** SIGTERM, then SIGKILL after 15 s; resolves once it has exited. */
  stop(): Promise<void>
}

/** How to start a server and tell that it serves. */
export interface ServerLaunch {
  /** Names its log files in `logDir`: `<name>.out`, `<name>.err`. */
  readonly name: string
  readonly command: string
  readonly args: readonly string[]
  readonly env: NodeJS.ProcessEnv
  readonly logDir: string
  /** The server's URL from what it printed on stdout so far; null until it has. */
  readonly urlFrom: (stdout: string) => string | null
  /** Polled with GET once the URL is known, until it answers 200. */
  readonly readyPath?: string
}

const START_TIMEOUT_MS = 120_000

/** Starts a server and resolves once it serves; fails with its stderr when it exits or times out. */
export async function startServerProcess(launch: ServerLaunch): Promise<ServerProcess> {
  const outPath = join(launch.logDir, `${launch.name}.out`)
  const errPath = join(launch.logDir, `${launch.name}.err`)
  const out = openSync(outPath, 'w')
  const err = openSync(errPath, 'w')
  const child = spawn(launch.command, [...launch.args], { env: launch.env, stdio: ['ignore', out, err] })
  closeSync(out)
  closeSync(err)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const failure = (why: string) =>
    new Error(`${launch.name} ${why}:\n${readFileSync(errPath, 'utf8').slice(-4000)}`)
  const deadline = Date.now() + START_TIMEOUT_MS
  let url: string | null = null
  while (url === null || !(await answers(url, launch.readyPath))) {
    if (child.exitCode !== null || child.signalCode !== null) throw failure(`exited (${child.exitCode})`)
    if (Date.now() > deadline) {
      await stopChild(child, exited)
      throw failure('did not start in time')
    }
    await sleep(50)
    url ??= launch.urlFrom(readFileSync(outPath, 'utf8'))
  }
  return { url, pid: child.pid!, stop: () => stopChild(child, exited) }
}

/** A TCP port free on 127.0.0.1 now (for servers that cannot report the one they picked). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function answers(url: string, path: string | undefined): Promise<boolean> {
  if (path === undefined) return true
  try {
    return (await fetch(`${url}${path}`)).status === 200
  } catch {
    return false
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(killer)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** The `url` of a server that prints one JSON document on stdout (`--json`); null until it is whole. */
export function urlFromJsonDocument(stdout: string): string | null {
  try {
    return (JSON.parse(stdout) as { url: string }).url
  } catch {
    return null // not the whole document yet
  }
}
