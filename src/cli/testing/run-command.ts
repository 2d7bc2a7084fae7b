import { Command, CommanderError } from 'commander'
import type { CliIo } from '../cli-io.js'
import { addGlobalOptions } from '../global-options.js'
import { EXIT_USAGE, reportError } from '../output/error-output.js'

/** A `CliIo` that keeps what is written, for tests: not a terminal, an empty environment. */
export interface CapturedIo {
  readonly io: CliIo
  /** Everything written to stdout so far. */
  stdout(): string
  /** Everything written to stderr so far. */
  stderr(): string
}

/** A fresh `CapturedIo`. */
export function captureIo(): CapturedIo {
  const out: string[] = []
  const err: string[] = []
  return {
    io: {
      stdout: { write: (text) => out.push(text), isTTY: false },
      stderr: { write: (text) => err.push(text), isTTY: false },
      env: {},
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  }
}

/** What a command line did: its exit code and both streams. */
export interface CliOutcome {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs one command line (`args`, without `shipyard`) in process as `runCli` would: exit 0 on
 * success, 1 with the error printed on failure (as JSON with `--json`), 2 for a usage error; but on a
 * program holding only the global options and the commands `register` adds, so a test builds just
 * the group it tests.
 *
 * @example
 * const outcome = await runCommand(registerLogsCommand, ['logs', '--json', '--home', home])
 */
export async function runCommand(
  register: (program: Command, io: CliIo) => void,
  args: readonly string[],
): Promise<CliOutcome> {
  const captured = captureIo()
  const { io } = captured
  const program = new Command('shipyard')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout.write, writeErr: io.stderr.write })
  addGlobalOptions(program)
  register(program, io)
  const outcome = (code: number): CliOutcome => ({
    code,
    stdout: captured.stdout(),
    stderr: captured.stderr(),
  })
  try {
    await program.parseAsync([...args], { from: 'user' })
    return outcome(0)
  } catch (error) {
    if (error instanceof CommanderError) return outcome(error.exitCode === 0 ? 0 : EXIT_USAGE)
    return outcome(reportError(error, io, { json: args.includes('--json') }))
  }
}
