import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { invalidValue } from '../../shared/index.js'

// Under the usual 255-byte name limit whatever the output's name (as the artifact store's temp files).
const MAX_NAME_PREFIX = 40

/**
 * Where an output is built before it exists: a temp file and a folder for parts, beside the output
 * (same file system, so the final rename is atomic), named `.<name>.<16 hex>.shipyard-tmp` and
 * `...shipyard-parts` like the artifact store's temp files.
 */
export class TempOutput {
  readonly target: string
  /** The file the complete output is written to, then renamed over `target`. */
  readonly file: string
  /** A folder for per-chunk parts, created on first use. */
  readonly parts: string
  #partsMade = false

  private constructor(target: string) {
    const stem = `.${basename(target).slice(0, MAX_NAME_PREFIX)}.${randomBytes(8).toString('hex')}`
    this.target = target
    this.file = join(dirname(target), `${stem}.shipyard-tmp`)
    this.parts = join(dirname(target), `${stem}.shipyard-parts`)
  }

  /** Plans the temp names for `target`; its folder must exist (`INVALID_PARAMETER_VALUE` naming it otherwise). */
  static async beside(target: string): Promise<TempOutput> {
    const folder = dirname(target)
    const info = await stat(folder).catch(() => null)
    if (!info?.isDirectory()) throw invalidValue('output', `folder '${folder}' does not exist`)
    return new TempOutput(target)
  }

  /** The path of part `index` (from 0), zero-padded so that names sort in order. */
  async part(index: number, extension: string): Promise<string> {
    if (!this.#partsMade) await mkdir(this.parts)
    this.#partsMade = true
    return join(this.parts, `part-${String(index).padStart(6, '0')}.${extension}`)
  }

  /** Makes the temp file durable, renames it over the target, and removes the parts. */
  async commit(): Promise<void> {
    const handle = await open(this.file, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(this.file, this.target)
    await this.#removeParts()
  }

  /** Removes the temp file and the parts; the target is untouched. */
  async discard(): Promise<void> {
    await rm(this.file, { force: true })
    await this.#removeParts()
  }

  async #removeParts(): Promise<void> {
    if (this.#partsMade) await rm(this.parts, { recursive: true, force: true })
  }
}
