import { CommanderError } from 'commander'
import type { CliIo } from './cli-io.js'
import { EXIT_USAGE, reportError } from './output/error-output.js'
import { createProgram } from './program.js'

/**
 * Runs one `shipyard` command line (without the `node` and script arguments) and returns the exit
 * code: 0 on success (and for `--help`, `--version`), 1 when the command failed (its error printed
 * as one `error: ...` line on stderr, or a JSON object with `--json`), 2 when the command line does
 * not parse (commander has printed why). Never calls `process.exit`, so it can run in-process.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io)
  try {
    // `shipyard --version` alone; after a command, `--version` is that command's (see createProgram).
    const args = argv[0] === '--version' ? ['-V', ...argv.slice(1)] : [...argv]
    await program.parseAsync(args, { from: 'user' })
    return 0
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE
    // `--json` is read from the raw line: the error may have come before commander stored options.
    return reportError(error, io, { json: argv.includes('--json') })
  }
}
