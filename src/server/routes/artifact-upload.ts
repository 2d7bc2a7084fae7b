import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance } from 'fastify'
import { ShipyardError } from '../../shared/index.js'

/** The largest artifact file one upload may carry. */
export const ARTIFACT_UPLOAD_LIMIT = 1024 ** 3

/**
 * Lets `application/octet-stream` bodies through as the request stream, unread, so that an upload
 * goes to disk as it arrives instead of being held in memory whole. Register it on the
 * encapsulated instance of the routes that take bytes.
 */
export function acceptOctetStreams(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload))
}

/** Where uploads are staged and how large they may be. */
export interface UploadOptions {
  /** Default `ARTIFACT_UPLOAD_LIMIT`. */
  readonly limit?: number
  /** The folder temp files go under; default the OS temp folder. */
  readonly tempRoot?: string
}

/**
 * Streams an upload body into a fresh temp file and hands its path to `use`; the file is removed
 * afterwards whatever happens. A body over the limit (by its Content-Length, or as counted while
 * it arrives) is refused with `INVALID_PARAMETER_VALUE`; a body that is not a stream (another
 * content type was sent) or that breaks off with `BAD_REQUEST`. No body at all is an empty file.
 */
export async function withUploadedFile<T>(
  body: unknown,
  contentLength: string | undefined,
  use: (localPath: string) => Promise<T>,
  options: UploadOptions = {},
): Promise<T> {
  const limit = options.limit ?? ARTIFACT_UPLOAD_LIMIT
  const source = body === undefined || body === null ? Readable.from([]) : body
  if (!(source instanceof Readable)) {
    throw new ShipyardError('BAD_REQUEST', 'artifact content must be sent as application/octet-stream')
  }
  if (contentLength !== undefined && Number(contentLength) > limit) throw tooLarge(limit)
  const folder = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'shipyard-upload-'))
  try {
    const localPath = join(folder, 'content')
    // A client that hangs up mid-upload is not a server failure: tell it apart from a disk error.
    let interrupted = false
    source.once('error', () => {
      interrupted = true
    })
    await pipeline(source, byteLimit(limit), createWriteStream(localPath)).catch((error: unknown) => {
      if (!interrupted || error instanceof ShipyardError) throw error
      throw new ShipyardError('BAD_REQUEST', 'the upload ended before all of its bytes arrived', {
        cause: error,
      })
    })
    return await use(localPath)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

function byteLimit(limit: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length
      callback(seen > limit ? tooLarge(limit) : null, chunk)
    },
  })
}

function tooLarge(limit: number): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `the artifact is over the ${limit}-byte upload limit`, {
    details: { field: 'body', limit },
  })
}
