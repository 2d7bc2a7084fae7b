import { createHash, randomBytes } from 'node:crypto'
import { type FileHandle, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/** What an atomic write produced. */
export interface WrittenFile {
  readonly fileSize: number
  /** Hex sha256 of the bytes written, computed while they streamed through. */
  readonly sha256: string
}

/**
 * Names of in-flight temp files: `.<name>.<16 hex>.shipyard-tmp`. Listings hide them, and the store
 * refuses artifact paths that look like them, so a crash can leave litter but never a fake artifact.
 */
export const TEMP_FILE_NAME = /^\..*\.[0-9a-f]{16}\.shipyard-tmp$/s

// A temp name must stay under the usual 255-byte name limit whatever the target's name: 40 UTF-16
// units are at most 120 bytes of UTF-8, plus 31 for the rest.
const MAX_NAME_PREFIX = 40
const READ_CHUNK = 1 << 20

/**
 * Writes `source` (bytes, or an open local file streamed in 1 MiB chunks) to `file` atomically: into
 * a unique temp file in the same folder, fsynced, then renamed over `file`, so a concurrent reader
 * sees the old content or the new and concurrent writers leave one complete content (the last
 * rename wins). The temp file is removed on failure. The parent folder must exist.
 */
export async function writeFileAtomically(
  file: string,
  source: Uint8Array | FileHandle,
): Promise<WrittenFile> {
  const folder = dirname(file)
  const temp = join(
    folder,
    `.${basename(file).slice(0, MAX_NAME_PREFIX)}.${randomBytes(8).toString('hex')}.shipyard-tmp`,
  )
  const handle = await open(temp, 'wx')
  let written: WrittenFile
  try {
    written = await copyHashing(source, handle)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => {})
    await unlink(temp).catch(() => {})
    throw error
  }
  try {
    await handle.close()
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }
  await syncFolder(folder)
  return written
}

async function copyHashing(source: Uint8Array | FileHandle, target: FileHandle): Promise<WrittenFile> {
  const hash = createHash('sha256')
  let fileSize = 0
  const chunks =
    source instanceof Uint8Array
      ? [source]
      : source.createReadStream({ highWaterMark: READ_CHUNK, autoClose: false })
  for await (const chunk of chunks as AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    hash.update(chunk)
    await writeAll(target, chunk)
    fileSize += chunk.byteLength
  }
  return { fileSize, sha256: hash.digest('hex') }
}

async function writeAll(target: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await target.write(chunk, offset, chunk.byteLength - offset)
    offset += bytesWritten
  }
}

// Makes the rename itself durable. Some platforms cannot open or fsync a folder; the write is
// still atomic there, only its durability across a power loss is up to the OS.
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined
  try {
    handle = await open(folder, 'r')
    await handle.sync()
  } catch {
    // best effort, see above
  } finally {
    await handle?.close().catch(() => {})
  }
}
