import type { Command } from 'commander'

/** The search flags `logs` and `replay` share, as commander parses them (see `predictionQuery`). */
export interface SearchFlags {
  readonly model?: string
  readonly since?: string
  readonly until?: string
  readonly errors?: boolean
  readonly where?: string
  readonly limit?: string
}

/** Declares the options of `logs` and `replay` that pick logged records. */
export function addSearchOptions(command: Command): Command {
  return command
    .option('--model <name>', 'only this model')
    .option(
      '--since <when>',
      'from this time on: a duration back from now (30m, 1h, 7d), an ISO instant or epoch ms',
    )
    .option('--until <when>', 'before this time (same forms as --since)')
    .option('--errors', 'only requests that failed')
    .option('--where <filter>', 'e.g. "inputs.age > 60 and outputs.probability > 0.9"')
    .option('--limit <n>', 'most records, newest first: 1-100000 (default 100)')
}
