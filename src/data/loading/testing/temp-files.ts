import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckSession } from '../duckdb-session.js'

/** A temp folder for one test file's inputs; `remove()` deletes it (call it in `after`). */
export interface TempFiles {
  readonly dir: string
  /** The path of `name` inside the folder. */
  path(name: string): string
  /** Writes `text` to `name` and returns its path. */
  write(name: string, text: string): string
  remove(): void
}

/** Makes a fresh temp folder (`shipyard-loading-*`). */
export function tempFiles(): TempFiles {
  const dir = mkdtempSync(join(tmpdir(), 'shipyard-loading-'))
  return {
    dir,
    path: (name) => join(dir, name),
    write(name, text) {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * Runs statements in a throwaway DuckDB, e.g. `COPY (SELECT ...) TO 'x.parquet'` to make a
 * Parquet fixture. The loader's own session class, so tests need no second way to reach DuckDB.
 */
export async function duckdb(sql: string): Promise<void> {
  const session = await DuckSession.open()
  try {
    await session.run(sql)
  } finally {
    session.close()
  }
}
