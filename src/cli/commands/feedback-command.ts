import { readFile } from 'node:fs/promises'
import type { Command } from 'commander'
import { formatCount, ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { globalOptions } from '../global-options.js'
import { withPredictionLog } from '../logs/open-prediction-log.js'
import { printJson } from '../output/json-output.js'

/**
 * `shipyard feedback --file labels.csv|labels.jsonl`: ground-truth labels for logged predictions,
 * joined to them in the prediction log of the configured home or database (the one `shipyard serve`
 * logs to). Every line is checked before any label is stored (an error names the file, line and
 * field); labels are stamped with the time they arrive, so a later one for the same row replaces an
 * earlier one. Prints what was stored, replaced and matched nothing (`--json`:
 * `{accepted, replaced, unmatched, unmatched_ids}`).
 */
export function registerFeedbackCommand(program: Command, io: CliIo): void {
  program
    .command('feedback')
    .description('store ground-truth labels of logged predictions, for live quality (`shipyard monitor`)')
    .requiredOption(
      '--file <path>',
      'a .csv with the header request_id,label[,row], or a .jsonl of {"request_id", "label"[, "row"]} lines',
    )
    .action(async (flags: { file: string }, command: Command) => {
      const global = globalOptions(command)
      const feedback = await import('../../monitoring/index.js')
      const format = feedback.feedbackFormatOf(flags.file)
      const text = await readLabelFile(flags.file)
      const labels = feedback.parseFeedbackFile(text, format, { source: flags.file, time: Date.now() })
      const outcome = await withPredictionLog(global, (log) => feedback.appendFeedbackInBatches(log, labels))
      if (global.json) return printJson(io.stdout, feedback.feedbackOutcomeJson(outcome))
      const replaced =
        outcome.replaced > 0 ? ` (${formatCount(outcome.replaced)} replacing earlier labels)` : ''
      io.stdout.write(`stored ${formatCount(outcome.accepted)} labels from ${flags.file}${replaced}\n`)
      if (outcome.unmatched > 0) {
        const more = outcome.unmatched > outcome.unmatchedIds.length ? ', ...' : ''
        io.stdout.write(
          `${formatCount(outcome.unmatched)} matched no logged prediction (${outcome.unmatchedIds.join(', ')}${more}); they were not stored\n`,
        )
      }
    })
}

async function readLabelFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT'
    throw new ShipyardError(
      missing ? 'RESOURCE_DOES_NOT_EXIST' : 'INVALID_PARAMETER_VALUE',
      missing ? `${path}: no such file` : `${path}: cannot read (${(cause as Error).message})`,
      { details: { file: path }, cause },
    )
  }
}
