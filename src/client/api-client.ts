import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { type ErrorBody, notFound, ShipyardError } from '../shared/index.js'

/** How a client talks to a server beyond its URL. */
export interface ApiClientOptions {
  /** Sent with every request, e.g. `{ authorization: 'Bearer …' }` for a server behind a proxy. */
  readonly headers?: Readonly<Record<string, string>>
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch
}

/** Query parameters; `undefined` ones are left out. */
export type Query = Readonly<Record<string, string | number | undefined>>

/** One request to the native API: the body is JSON, or raw bytes sent as `application/octet-stream`. */
export interface ApiRequest {
  readonly query?: Query
  readonly json?: unknown
  readonly bytes?: Blob | Uint8Array
}

/** The path under which a server mounts its native API (the server's `NATIVE_API_PREFIX`). */
const API_PATH = '/api/v1'

/**
 * The native API over `fetch`, shared by the HTTP tracking store and run artifacts. Errors come back
 * as the `ShipyardError` the server rendered (`ShipyardError.fromBody`), so a remote call fails as a
 * local one would. A server that cannot be reached, or a proxy in front of it that says so (502,
 * 503, 504 without a Shipyard error body), is `SHIPYARD_REMOTE_UNREACHABLE` naming the URL; an
 * answer that is no Shipyard error (an HTML 404 from another server) keeps its status and says the
 * URL may not be a Shipyard server.
 */
export class ApiClient {
  readonly #trackingUri: string
  readonly #headers: Readonly<Record<string, string>>
  readonly #fetch: typeof fetch

  /** `trackingUri` is the server's base URL, e.g. `http://127.0.0.1:5000` (a path prefix is kept). */
  constructor(trackingUri: string, options: ApiClientOptions = {}) {
    this.#trackingUri = trackingUri.replace(/\/+$/, '')
    this.#headers = options.headers ?? {}
    this.#fetch = options.fetch ?? fetch
  }

  /** The server's base URL, without a trailing slash. */
  get trackingUri(): string {
    return this.#trackingUri
  }

  /** Sends a request and parses the JSON answer; `undefined` for a 204. */
  async json<T>(method: string, path: string, request: ApiRequest = {}): Promise<T> {
    const response = await this.send(method, path, request)
    if (response.status === 204) return undefined as T
    const text = await this.#read(() => response.text())
    try {
      return JSON.parse(text) as T
    } catch (error) {
      throw new ShipyardError(
        'INTERNAL_ERROR',
        `${this.#trackingUri} answered ${method} ${path} with something that is not JSON; is it a Shipyard server?`,
        {
          details: { url: this.#trackingUri },
          cause: error,
        },
      )
    }
  }

  /** Sends a request and returns the answer's bytes. */
  async bytes(method: string, path: string, request: ApiRequest = {}): Promise<Buffer> {
    const response = await this.send(method, path, request)
    return Buffer.from(await this.#read(() => response.arrayBuffer()))
  }

  /**
   * Sends a request and streams the answer's bytes into `localPath` (replaced if present; removed
   * again if the transfer fails). Its folder is created once the server has answered, so a refused
   * request leaves nothing behind. A connection lost mid-way is `SHIPYARD_REMOTE_UNREACHABLE`; a
   * local write failure is thrown as it is.
   */
  async saveTo(method: string, path: string, request: ApiRequest, localPath: string): Promise<void> {
    const response = await this.send(method, path, request)
    await mkdir(dirname(localPath), { recursive: true })
    const source = response.body
      ? Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>)
      : Readable.from([])
    let lost = false
    source.once('error', () => {
      lost = true
    })
    try {
      await pipeline(source, createWriteStream(localPath))
    } catch (error) {
      await rm(localPath, { force: true })
      throw lost ? this.#unreachable(error) : error
    }
  }

  /** Sends a request and returns the successful response, its body unread. */
  async send(method: string, path: string, request: ApiRequest = {}): Promise<Response> {
    const url = `${this.#trackingUri}${API_PATH}${path}${queryString(request.query)}`
    const headers: Record<string, string> = { accept: 'application/json', ...this.#headers }
    let body: string | Blob | Uint8Array | undefined
    if (request.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(request.json)
    } else if (request.bytes !== undefined) {
      headers['content-type'] = 'application/octet-stream'
      body = request.bytes
    }
    let response: Response
    try {
      response = await this.#fetch(url, { method, headers, ...(body === undefined ? {} : { body }) })
    } catch (error) {
      throw this.#unreachable(error)
    }
    if (!response.ok) throw await this.#failure(response)
    return response
  }

  /** Reads a response body, turning a dropped connection into `SHIPYARD_REMOTE_UNREACHABLE`. */
  async #read<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (error) {
      throw this.#unreachable(error)
    }
  }

  async #failure(response: Response): Promise<ShipyardError> {
    const text = await this.#read(() => response.text())
    const body = parseErrorBody(text)
    if (body !== undefined) return ShipyardError.fromBody(body, response.status)
    const excerpt = text.trim().slice(0, 200)
    const said = `HTTP ${response.status}${excerpt === '' ? '' : `: ${excerpt}`}`
    const details = { url: this.#trackingUri, status: response.status }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      return new ShipyardError(
        'SHIPYARD_REMOTE_UNREACHABLE',
        `the Shipyard server at ${this.#trackingUri} is unavailable (${said})`,
        { details },
      )
    }
    const message = `${this.#trackingUri} answered ${said}; is it a Shipyard server?`
    return response.status === 404
      ? new ShipyardError('ENDPOINT_NOT_FOUND', message, { details })
      : ShipyardError.fromBody({ message, details }, response.status)
  }

  #unreachable(error: unknown): ShipyardError {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause
    const reason =
      typeof cause?.code === 'string'
        ? cause.code
        : String(cause?.message ?? (error as Error)?.message ?? error)
    return new ShipyardError(
      'SHIPYARD_REMOTE_UNREACHABLE',
      `cannot reach the Shipyard server at ${this.#trackingUri} (${reason}); is it running, and is the tracking URI right?`,
      {
        details: { url: this.#trackingUri },
        cause: error,
      },
    )
  }
}

/**
 * An id as one URL path segment. `.` and `..` cannot be sent as segments (URL parsers resolve them
 * before sending), and no experiment or run has such an id, so they fail here as the store would.
 */
export function idSegment(id: string, what: 'experiment' | 'run'): string {
  if (id === '.' || id === '..') throw notFound(what, id)
  return encodeURIComponent(id)
}

function queryString(query: Query | undefined): string {
  if (query === undefined) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}

function parseErrorBody(text: string): Partial<ErrorBody> | undefined {
  try {
    const body = JSON.parse(text) as unknown
    if (typeof body === 'object' && body !== null && typeof (body as ErrorBody).error_code === 'string') {
      return body as Partial<ErrorBody>
    }
  } catch {
    // Not JSON: a proxy's or another server's page.
  }
  return undefined
}
