import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import type { PipelineSpec } from '../../features/index.js'
import type { ModelKind, Task } from '../../models/index.js'
import { closestMatch, invalidValue, ShipyardError } from '../../shared/index.js'
import { keyValues } from '../flag-values.js'

/** Everything `shipyard train` needs, from flags and an optional config file (flags win). */
export interface TrainSettings {
  readonly data: string
  readonly target: string
  readonly valid?: string
  readonly validFraction?: number
  readonly test?: string
  readonly model: ModelKind
  readonly task: Task | 'auto'
  readonly params: Readonly<Record<string, unknown>>
  readonly features?: PipelineSpec
  readonly experiment?: string
  readonly runName?: string
  readonly seed: number
  readonly classWeight?: 'balanced' | Readonly<Record<string, number>>
  /** Also write the model's files here. */
  readonly out?: string
}

/** The flags as commander hands them over. */
export interface TrainFlags {
  readonly data?: string
  readonly target?: string
  readonly valid?: string
  readonly validFraction?: string
  readonly test?: string
  readonly model?: string
  readonly task?: string
  readonly param?: readonly string[]
  readonly config?: string
  readonly experiment?: string
  readonly runName?: string
  readonly seed?: string
  readonly classWeight?: string
  readonly out?: string
}

/** The keys of a config file (`--config train.yaml`), snake_case as in the YAML. */
const CONFIG_KEYS = [
  'data',
  'target',
  'valid',
  'valid_fraction',
  'test',
  'model',
  'task',
  'params',
  'features',
  'experiment',
  'run_name',
  'seed',
  'class_weight',
  'out',
] as const

/** Without `--valid` or `--valid-fraction`, this share of the data is held out for validation. */
export const DEFAULT_VALID_FRACTION = 0.2

/**
 * Merges a YAML (or JSON) config file and the flags into settings. Paths in the file are relative to
 * the file. `--param key=value` entries add to (and override) the file's `params`. Unknown keys, bad
 * values and missing `data`/`target` are `INVALID_PARAMETER_VALUE` naming the key or flag.
 */
export function trainSettings(
  flags: TrainFlags,
  parsePipeline: (json: unknown) => PipelineSpec,
): TrainSettings {
  const file = flags.config === undefined ? {} : readConfig(flags.config)
  const base = flags.config === undefined ? process.cwd() : dirname(resolve(flags.config))
  const path = (value: unknown, key: string): string | undefined =>
    value === undefined ? undefined : resolve(base, stringOf(value, key))
  const data = flags.data ?? path(file.data, 'data')
  const target = flags.target ?? optionalString(file.target, 'target')
  if (data === undefined)
    throw invalidValue('--data', 'give the training data: --data FILE (or data: in --config)')
  if (target === undefined)
    throw invalidValue('--target', 'name the column to predict: --target COLUMN (or target: in --config)')
  const valid = flags.valid ?? path(file.valid, 'valid')
  const fractionText = flags.validFraction ?? file.valid_fraction
  const validFraction =
    fractionText === undefined
      ? valid === undefined
        ? DEFAULT_VALID_FRACTION
        : undefined
      : numberOf(fractionText, '--valid-fraction')
  if (valid !== undefined && validFraction !== undefined) {
    throw invalidValue('--valid-fraction', 'give --valid FILE or --valid-fraction, not both')
  }
  const test = flags.test ?? path(file.test, 'test')
  const features = file.features === undefined ? undefined : parsePipeline(file.features)
  const experiment = flags.experiment ?? optionalString(file.experiment, 'experiment')
  const runName = flags.runName ?? optionalString(file.run_name, 'run_name')
  const classWeight = classWeightOf(flags.classWeight ?? file.class_weight)
  const out = flags.out ?? path(file.out, 'out')
  return {
    data,
    target,
    ...(valid === undefined ? {} : { valid }),
    ...(validFraction === undefined ? {} : { validFraction }),
    ...(test === undefined ? {} : { test }),
    model: choice(flags.model ?? file.model ?? 'gbdt', ['gbdt', 'linear'], '--model'),
    task: choice(flags.task ?? file.task ?? 'auto', ['auto', 'binary', 'multiclass', 'regression'], '--task'),
    params: { ...paramsOf(file.params), ...keyValues('--param', flags.param, 'num_leaves=63') },
    ...(features === undefined ? {} : { features }),
    ...(experiment === undefined ? {} : { experiment }),
    ...(runName === undefined ? {} : { runName }),
    seed: integerOf(flags.seed ?? file.seed ?? 0, '--seed'),
    ...(classWeight === undefined ? {} : { classWeight }),
    ...(out === undefined ? {} : { out }),
  }
}

function readConfig(path: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    throw new ShipyardError(
      'RESOURCE_DOES_NOT_EXIST',
      `${path}: cannot read the config (${(cause as Error).message})`,
      {
        details: { file: path },
        cause,
      },
    )
  }
  let value: unknown
  try {
    value = parseYaml(text)
  } catch (cause) {
    if (!(cause instanceof YAMLParseError)) throw cause
    const [line, column] = cause.linePos?.[0] ? [cause.linePos[0].line, cause.linePos[0].col] : [1, 1]
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${path}:${line}:${column}: not valid YAML (${cause.message.split('\n')[0]})`,
      {
        details: { file: path, line, column },
        cause,
      },
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(
      '--config',
      `${path} must hold a mapping of settings (data, target, model, params, ...)`,
    )
  }
  for (const key of Object.keys(value)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      const guess = closestMatch(key, CONFIG_KEYS)
      throw invalidValue(
        `config.${key}`,
        `${path}: unknown setting '${key}'${guess ? ` (did you mean '${guess}'?)` : ''}; the settings are ${CONFIG_KEYS.join(', ')}`,
      )
    }
  }
  return value as Record<string, unknown>
}

function paramsOf(value: unknown): Record<string, unknown> {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue('config.params', 'must be a mapping of parameter names to values')
  }
  return value as Record<string, unknown>
}

function classWeightOf(value: unknown): TrainSettings['classWeight'] {
  if (value === undefined || value === 'balanced') return value
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, number>
  if (typeof value !== 'string')
    throw invalidValue(
      '--class-weight',
      `must be 'balanced' or class=weight pairs, got ${JSON.stringify(value)}`,
    )
  const weights: Record<string, number> = {}
  for (const pair of value.split(',')) {
    const at = pair.lastIndexOf('=')
    const weight = Number(pair.slice(at + 1))
    if (at <= 0 || !Number.isFinite(weight)) {
      throw invalidValue(
        '--class-weight',
        `'${pair}' must read class=weight, e.g. yes=3,no=1 (or 'balanced')`,
      )
    }
    weights[pair.slice(0, at)] = weight
  }
  return weights
}

function choice<const T extends string>(value: unknown, choices: readonly T[], flag: string): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T
  throw invalidValue(flag, `must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`)
}

function stringOf(value: unknown, key: string): string {
  if (typeof value !== 'string' || value === '')
    throw invalidValue(`config.${key}`, `must be a non-empty string, got ${JSON.stringify(value)}`)
  return value
}

function optionalString(value: unknown, key: string): string | undefined {
  return value === undefined ? undefined : stringOf(value, key)
}

function numberOf(value: unknown, flag: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw invalidValue(flag, `must be a number, got ${JSON.stringify(value)}`)
  return n
}

function integerOf(value: unknown, flag: string): number {
  const n = numberOf(value, flag)
  if (!Number.isSafeInteger(n) || n < 0)
    throw invalidValue(flag, `must be a non-negative integer, got ${JSON.stringify(value)}`)
  return n
}
