import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The files of one partition folder of the embedded prediction log, and the protocol that keeps them
 * readable through crashes. A data file is `L<level>-<epoch ms>-<pid>-<16 hex>.parquet`: level 0 for
 * an append, n+1 for a merge of files of level <= n. A merged file may have a manifest beside it,
 * `<same stem>.sources`, a JSON array of the names it replaces.
 *
 * The rules, which make every step of every writer safe to crash in:
 * - A file is written under a hidden temp name (`.<name>.tmp`), fsynced, renamed into place, and the
 *   folder fsynced: a reader never sees half a file.
 * - A merge writes its manifest into place before its data file, and deletes the manifest only after
 *   deleting every source. So while a merged file and some of its sources are both present, its
 *   manifest is too, and readers skip the sources it names: nothing is read twice.
 * - A manifest whose data file is absent belongs to a merge that died before committing; recovery
 *   removes it. Recovery finishes any committed merge's deletions before a folder is merged again.
 */

/** A data file of a partition folder. */
export interface DataFile {
  readonly name: string
  readonly path: string
  readonly level: number
}

const DATA_FILE = /^L(\d+)-\d+-\d+-[0-9a-f]+\.parquet$/
const MANIFEST = /^(L\d+-\d+-\d+-[0-9a-f]+)\.sources$/
const TEMP = /^\..+\.tmp$/
// An append or merge finishes in seconds; a temp file older than this is a crashed writer's.
const TEMP_MAX_AGE_MS = 10 * 60_000

/** A new, unique data file name of `level`. */
export function dataFileName(level: number): string {
  return `L${level}-${Date.now()}-${process.pid}-${randomBytes(8).toString('hex')}.parquet`
}

/**
 * Lists the data files a reader must read: every data file of the folder except those named by the
 * manifest of a present merged file. A missing folder has none. `manifests` caches manifests by file
 * name (a name is never reused, so a manifest read once, or found absent, stays so).
 */
export async function visibleFiles(
  folder: string,
  manifests: Map<string, readonly string[]>,
): Promise<DataFile[]> {
  const files = (await listNames(folder)).flatMap((name) => {
    const level = DATA_FILE.exec(name)?.[1]
    return level === undefined ? [] : [{ name, path: join(folder, name), level: Number(level) }]
  })
  const replaced = new Set<string>()
  for (const file of files) {
    if (file.level === 0) continue
    let sources = manifests.get(file.path)
    if (sources === undefined) {
      sources = await readManifest(join(folder, manifestName(file.name)))
      manifests.set(file.path, sources)
    }
    for (const source of sources) replaced.add(source)
  }
  return files.filter((f) => !replaced.has(f.name))
}

/**
 * Writes a new data file of `level` into `folder` (made if absent) atomically: `write` fills the temp path given, then
 * the file is made durable and renamed into place. Returns the file; on failure nothing is left.
 */
export async function writeDataFile(
  folder: string,
  level: number,
  write: (tempPath: string) => Promise<void>,
): Promise<DataFile> {
  const name = dataFileName(level)
  const temp = join(folder, `.${name}.tmp`)
  await mkdir(folder, { recursive: true })
  try {
    await write(temp)
    await syncFile(temp)
    await rename(temp, join(folder, name))
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  await syncFolder(folder)
  return { name, path: join(folder, name), level }
}

/** Steps of a merge a test can interrupt, to stand for a crash there. */
export interface MergeHooks {
  /** After the merged file is in place, before any source is deleted. */
  readonly afterCommit?: () => Promise<void>
}

/**
 * Replaces `sources` (files of `folder`) with one merged file that `write` makes from their paths,
 * following the rules above. Call it only under the maintenance lock, after {@link recoverFolder}.
 */
export async function mergeDataFiles(
  folder: string,
  sources: readonly DataFile[],
  write: (tempPath: string, sourcePaths: readonly string[]) => Promise<void>,
  hooks: MergeHooks = {},
): Promise<DataFile> {
  const level = Math.max(...sources.map((s) => s.level)) + 1
  const name = dataFileName(level)
  const temp = join(folder, `.${name}.tmp`)
  const manifest = join(folder, manifestName(name))
  const manifestTemp = join(folder, `.${manifestName(name)}.tmp`)
  try {
    await write(
      temp,
      sources.map((s) => s.path),
    )
    await syncFile(temp)
    await writeFile(manifestTemp, JSON.stringify(sources.map((s) => s.name)))
    await syncFile(manifestTemp)
    await rename(manifestTemp, manifest)
    await syncFolder(folder)
  } catch (error) {
    await Promise.all([temp, manifestTemp, manifest].map((path) => rm(path, { force: true })))
    throw error
  }
  // From this rename on, the merge is committed: its manifest must stay until the sources are gone.
  await rename(temp, join(folder, name))
  await syncFolder(folder)
  await hooks.afterCommit?.()
  await finishMerge(
    folder,
    manifest,
    sources.map((s) => s.name),
  )
  return { name, path: join(folder, name), level }
}

/**
 * Brings a folder back to a clean state after crashes: finishes committed merges (deletes their
 * remaining sources, then their manifests), removes manifests of merges that never committed, and
 * temp files old enough to be a dead writer's. Only under the maintenance lock.
 */
export async function recoverFolder(folder: string): Promise<void> {
  const now = Date.now()
  const names = new Set(await listNames(folder))
  for (const name of names) {
    const stem = MANIFEST.exec(name)?.[1]
    if (stem !== undefined) {
      const manifest = join(folder, name)
      if (names.has(`${stem}.parquet`)) await finishMerge(folder, manifest, await readManifest(manifest))
      else await rm(manifest, { force: true })
    } else if (TEMP.test(name)) {
      const info = await stat(join(folder, name)).catch(() => null)
      if (info && now - info.mtimeMs > TEMP_MAX_AGE_MS) await rm(join(folder, name), { force: true })
    }
  }
}

/**
 * Which files to merge next, if any: all of them when the folder is `closed` (an hour that has ended)
 * and holds more than one; otherwise the files of the lowest level that has `fanIn` or more. So an
 * open folder holds fewer than `fanIn` files per level, and each record is rewritten once per level.
 */
export function planMerge(files: readonly DataFile[], closed: boolean, fanIn: number): DataFile[] | null {
  if (closed) return files.length > 1 ? [...files] : null
  const byLevel = new Map<number, DataFile[]>()
  for (const file of files) byLevel.set(file.level, [...(byLevel.get(file.level) ?? []), file])
  const levels = [...byLevel.keys()].sort((a, b) => a - b)
  const level = levels.find((l) => byLevel.get(l)!.length >= fanIn)
  return level === undefined ? null : byLevel.get(level)!
}

/** Names in `folder`, none when it does not exist. */
export async function listNames(folder: string): Promise<string[]> {
  try {
    return await readdir(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/** Makes a folder's entries (created, renamed, removed files) durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function finishMerge(folder: string, manifest: string, sources: readonly string[]): Promise<void> {
  for (const source of sources) await rm(join(folder, source), { force: true })
  await syncFolder(folder)
  await rm(manifest, { force: true })
}

/** Makes a file's content durable. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

// A manifest found absent means its merge finished (sources deleted): nothing to skip.
async function readManifest(path: string): Promise<readonly string[]> {
  try {
    const sources: unknown = JSON.parse(await readFile(path, 'utf8'))
    return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : []
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

function manifestName(dataFile: string): string {
  return dataFile.replace(/\.parquet$/, '.sources')
}
