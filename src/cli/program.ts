import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import type { CliIo } from './cli-io.js'
import { registerAlertsCommand } from './commands/alerts-command.js'
import { registerDataCommands } from './commands/data-command.js'
import { registerExperimentsCommands } from './commands/experiments-command.js'
import { registerExplainCommand } from './commands/explain-command.js'
import { registerFeedbackCommand } from './commands/feedback-command.js'
import { registerLogsCommand } from './commands/logs-command.js'
import { registerModelsCommands } from './commands/models-command.js'
import { registerMonitorCommand } from './commands/monitor-command.js'
import { registerPredictCommand } from './commands/predict-command.js'
import { registerQuickstartCommand } from './commands/quickstart-command.js'
import { registerReplayCommand } from './commands/replay-command.js'
import { registerRunsCommands } from './commands/runs-command.js'
import { registerServeCommand } from './commands/serve-command.js'
import { registerServerCommand } from './commands/server-command.js'
import { registerTrainCommand } from './commands/train-command.js'
import { addGlobalOptions } from './global-options.js'

/**
 * The `shipyard` command tree. Commander settings set here before the groups are added
 * (`exitOverride`, output, help) are inherited by every subcommand, so a usage error anywhere
 * throws a `CommanderError` for `runCli` to turn into exit code 2 instead of exiting the process.
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('shipyard')
    .description(
      'Shipyard: the machine-learning lifecycle for TypeScript: data, features, experiment tracking and an MLflow-compatible server',
    )
    // `-V` only: commander reads a root option anywhere on the line, so a root `--version` swallowed the
    // `--version <n>` of `models show|delete`, `logs`, `replay`, `monitor` and `explain` (it printed the
    // package version and exited 0); `runCli` maps a leading `--version` to `-V`.
    .version(packageVersion(), '-V', 'output the version number (also --version, before any command)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError()
  addGlobalOptions(program)
  registerQuickstartCommand(program, io)
  registerExperimentsCommands(program, io)
  registerRunsCommands(program, io)
  registerServerCommand(program, io)
  registerServeCommand(program, io)
  registerDataCommands(program, io)
  registerTrainCommand(program, io)
  registerPredictCommand(program, io)
  registerModelsCommands(program, io)
  registerExplainCommand(program, io)
  registerFeedbackCommand(program, io)
  registerMonitorCommand(program, io)
  registerAlertsCommand(program, io)
  registerLogsCommand(program, io)
  registerReplayCommand(program, io)
  return program
}

// package.json sits two levels up from both src/cli/ and dist/cli/.
function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}
