import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { listNames } from './partition-files.js'

/** One hour of one model's records: the folder `model=<name>/hour=<YYYY-MM-DDTHH>` (Hive style). */
export interface HourPartition {
  readonly path: string
  /** Start of the hour, epoch ms (UTC). */
  readonly start: number
}

export const HOUR_MS = 3_600_000
const HOUR_DIR = /^hour=(\d{4}-\d{2}-\d{2}T\d{2})$/
const KEPT = /^[A-Za-z0-9_.-]$/
// Well under the usual 255-byte name limit, whatever the model's name.
const MAX_ENCODED = 120

/**
 * The folder name of a model: `model=` and the name with every character outside `[A-Za-z0-9_.-]`
 * percent-encoded (UTF-8); a name that would encode long is cut and suffixed with a hash of the
 * whole. Two names never share a folder (bar a hash collision); on a case-insensitive file system,
 * names differing in case do, which is harmless: queries always filter on the `model` column too.
 */
export function modelFolderName(model: string): string {
  let encoded = ''
  for (const byte of Buffer.from(model, 'utf8')) {
    const c = String.fromCharCode(byte)
    encoded += KEPT.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  if (encoded.length <= MAX_ENCODED) return `model=${encoded}`
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 16)
  return `model=${encoded.slice(0, MAX_ENCODED - 17).replace(/%[0-9A-F]?$/, '')}~${hash}`
}

/** The folder name of the hour holding `time` (epoch ms), `hour=2024-05-01T13` (UTC). */
export function hourFolderName(time: number): string {
  return `hour=${new Date(Math.floor(time / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13)}`
}

/** Where a record of `model` at `time` goes. */
export function partitionPath(root: string, model: string, time: number): string {
  return join(root, modelFolderName(model), hourFolderName(time))
}

/**
 * The partitions that can hold records of `model` (every model when undefined) with a time in
 * [since, until): pruning by folder name, before any file is opened. Oldest hour first.
 */
export async function listPartitions(
  root: string,
  filter: { readonly model?: string; readonly since?: number; readonly until?: number },
): Promise<HourPartition[]> {
  const models =
    filter.model === undefined
      ? (await listNames(root)).filter((name) => name.startsWith('model='))
      : [modelFolderName(filter.model)]
  const partitions: HourPartition[] = []
  for (const model of models) {
    for (const name of await listNames(join(root, model))) {
      const hour = HOUR_DIR.exec(name)?.[1]
      if (hour === undefined) continue
      const start = Date.parse(`${hour}:00:00Z`)
      if (filter.since !== undefined && start + HOUR_MS <= filter.since) continue
      if (filter.until !== undefined && start >= filter.until) continue
      partitions.push({ path: join(root, model, name), start })
    }
  }
  return partitions.sort((a, b) => a.start - b.start || a.path.localeCompare(b.path))
}
