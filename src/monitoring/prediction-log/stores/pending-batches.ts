import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  type DataFile,
  dataFileName,
  listNames,
  syncFile,
  syncFolder,
  writeDataFile,
} from './partition-files.js'

/** One file of a batch: the partition folder it goes to, and how to write it. */
export interface BatchFile {
  readonly folder: string
  readonly write: (tempPath: string) => Promise<void>
}

// An append finishes in seconds; a journal older than this is a crashed writer's.
const JOURNAL_MAX_AGE_MS = 10 * 60_000

/**
 * Appends that span several partitions (models, hours) made atomic with a journal in `<root>/.pending`:
 * the files are written under temp names, the journal naming their final paths is put in place, the
 * files are renamed into their folders, and deleting the journal commits them all at once. Readers
 * list a folder's files first and the journals after, and skip every file a journal names, so they
 * see all of a batch or none of it. A journal left by a crash names a batch never acknowledged:
 * recovery removes its files. A batch of one file needs no journal (its rename is atomic).
 */
export class PendingBatches {
  readonly #folder: string

  constructor(root: string) {
    this.#folder = join(root, '.pending')
  }

  /** The paths of files that belong to batches not yet committed. List data files before calling. */
  async paths(): Promise<Set<string>> {
    const pending = new Set<string>()
    for (const name of await listNames(this.#folder)) {
      if (!name.endsWith('.json')) continue
      for (const path of await readJournal(join(this.#folder, name))) pending.add(path)
    }
    return pending
  }

  /** Writes `files` (level 0) as one atomic batch and returns them; on failure none is left. */
  async append(files: readonly BatchFile[]): Promise<DataFile[]> {
    if (files.length === 1) return [await writeDataFile(files[0]!.folder, 0, files[0]!.write)]
    const planned = files.map((f) => {
      const name = dataFileName(0)
      return { ...f, name, path: join(f.folder, name), temp: join(f.folder, `.${name}.tmp`) }
    })
    const journal = join(this.#folder, `${Date.now()}-${process.pid}-${randomBytes(8).toString('hex')}.json`)
    try {
      for (const file of planned) {
        await mkdir(file.folder, { recursive: true })
        await file.write(file.temp)
        await syncFile(file.temp)
      }
      await mkdir(this.#folder, { recursive: true })
      await writeFile(`${journal}.tmp`, JSON.stringify(planned.map((f) => f.path)))
      await syncFile(`${journal}.tmp`)
      await rename(`${journal}.tmp`, journal)
      await syncFolder(this.#folder)
      for (const file of planned) await rename(file.temp, file.path)
      for (const folder of new Set(planned.map((f) => f.folder))) await syncFolder(folder)
    } catch (error) {
      await Promise.all(planned.flatMap((f) => [f.temp, f.path]).map((path) => rm(path, { force: true })))
      await rm(`${journal}.tmp`, { force: true })
      await rm(journal, { force: true })
      throw error
    }
    await rm(journal)
    await syncFolder(this.#folder)
    return planned.map((f) => ({ name: f.name, path: f.path, level: 0 }))
  }

  /** Removes the files and journals of batches a crash left uncommitted. Only under the maintenance lock. */
  async recover(): Promise<void> {
    const now = Date.now()
    for (const name of await listNames(this.#folder)) {
      const path = join(this.#folder, name)
      const info = await stat(path).catch(() => null)
      if (info === null || now - info.mtimeMs < JOURNAL_MAX_AGE_MS) continue
      if (name.endsWith('.json')) {
        for (const file of await readJournal(path)) await rm(file, { force: true })
      }
      await rm(path, { force: true })
    }
  }
}

async function readJournal(path: string): Promise<readonly string[]> {
  try {
    const paths: unknown = JSON.parse(await readFile(path, 'utf8'))
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : []
  } catch (error) {
    // Committed meanwhile: its files are visible now.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
