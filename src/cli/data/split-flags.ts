import { invalidValue, ShipyardError } from '../../shared/index.js'

/** `shipyard data split`'s split flags, as commander hands them over (numbers still as text). */
export interface SplitFlags {
  readonly by?: 'random' | 'stratified' | 'group' | 'time' | 'kfold'
  readonly column?: string
  readonly testFraction: string
  readonly cutoff?: string
  readonly missing?: 'error' | 'drop'
  readonly k: string
  readonly stratifyBy?: string
  readonly groupBy?: string
  readonly seed: string
  readonly spec?: string
  readonly out: string
}

/**
 * The split spec the flags describe, as plain JSON for `parseSplitSpec` (which checks ranges and
 * fills defaults). Flags that the strategy does not use are an error naming them, so that
 * `--by random --column label` is not silently a plain random split. `--spec` excludes `--by`.
 * Every error is `INVALID_PARAMETER_VALUE` naming the flag.
 */
export function splitSpecOf(flags: SplitFlags): Record<string, unknown> {
  if (flags.by === undefined)
    throw invalidValue('--by', 'give a strategy (random, stratified, group, time, kfold) or --spec FILE')
  const seed = integer('--seed', flags.seed)
  switch (flags.by) {
    case 'random':
      refuse(flags, ['column', 'cutoff', 'missing', 'stratifyBy', 'groupBy'])
      return { kind: 'random', testFraction: fraction(flags.testFraction), seed }
    case 'stratified':
    case 'group':
      refuse(flags, ['cutoff', 'missing', 'stratifyBy', 'groupBy'])
      return { kind: flags.by, column: column(flags), testFraction: fraction(flags.testFraction), seed }
    case 'time': {
      refuse(flags, ['stratifyBy', 'groupBy'])
      const when =
        flags.cutoff === undefined ? { testFraction: fraction(flags.testFraction) } : { cutoff: flags.cutoff }
      return { kind: 'time', column: column(flags), ...when, missing: flags.missing ?? 'error' }
    }
    case 'kfold':
      refuse(flags, ['column', 'cutoff', 'missing'])
      return {
        kind: 'kfold',
        k: integer('--k', flags.k),
        seed,
        ...(flags.stratifyBy === undefined ? {} : { stratifyBy: flags.stratifyBy }),
        ...(flags.groupBy === undefined ? {} : { groupBy: flags.groupBy }),
      }
  }
}

const FLAG_NAMES: Record<string, string> = {
  column: '--column',
  cutoff: '--cutoff',
  missing: '--missing',
  stratifyBy: '--stratify-by',
  groupBy: '--group-by',
  testFraction: '--test-fraction',
  k: '--k',
  seed: '--seed',
  kind: '--by',
}

/**
 * Runs `parse` (the split-spec parser, on a spec built from flags) and rewords its errors in the
 * flags' terms: `testFraction: must be ...` becomes `--test-fraction: must be ...`, with
 * `details.field` unchanged. Other errors pass through.
 */
export function inFlagTerms<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    const field = error instanceof ShipyardError ? error.details.field : undefined
    const flag = typeof field === 'string' ? FLAG_NAMES[field] : undefined
    if (!(error instanceof ShipyardError) || flag === undefined || !error.message.startsWith(`${field}:`))
      throw error
    throw new ShipyardError(error.code, `${flag}${error.message.slice(String(field).length)}`, {
      details: error.details,
      cause: error,
    })
  }
}

function refuse(flags: SplitFlags, unused: readonly (keyof SplitFlags)[]): void {
  const given = unused.filter((key) => flags[key] !== undefined)
  if (given.length > 0) {
    const names = given.map((key) => FLAG_NAMES[key] ?? key)
    const hint = flags.by === 'kfold' && given.includes('column') ? ' (use --stratify-by or --group-by)' : ''
    throw invalidValue(names[0]!, `is not used by --by ${flags.by}${hint}`)
  }
}

function column(flags: SplitFlags): string {
  if (flags.column === undefined) throw invalidValue('--column', `--by ${flags.by} needs --column NAME`)
  return flags.column
}

function fraction(text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value))
    throw invalidValue('--test-fraction', `'${text}' is not a number`)
  return value
}

function integer(flag: string, text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isSafeInteger(value))
    throw invalidValue(flag, `'${text}' is not an integer`)
  return value
}
