// An open-loop load generator (wrk2's method, which Debian's wrk lacks): requests are dispatched on a
// fixed schedule whatever the server does, onto keep-alive connections; a request due while every
// connection is busy waits for one, and that wait counts in its latency, so that a stalled server
// shows in the percentiles instead of slowing the load down. HTTP/1.1 over raw sockets (node:http's
// client costs too much per request to pace 20,000 requests a second on one core).
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'

/** Options of one fixed-rate run. */
export interface FixedRateOptions {
  /** POST target, e.g. `http://127.0.0.1:8080/v1/models/bench:predict`. */
  readonly url: string
  /** Requests per second. */
  readonly rate: number
  readonly seconds: number
  /** Keep-alive connections, opened before the clock starts. */
  readonly connections: number
  readonly nextBody: () => string
}

/** What a fixed-rate run measured; latencies in ms from when each request was dispatched. */
export interface FixedRateResult {
  readonly scheduled: number
  readonly completed: number
  /** Answers other than 200, broken connections, and requests unanswered 10 s after the last was due. */
  readonly errors: number
  readonly p50Ms: number
  readonly p99Ms: number
  /**
   * How late the generator dispatched requests against the schedule (p99). Its timer ticks every
   * millisecond; well above that, the generator itself is the bottleneck and the figures are not the
   * server's.
   */
  readonly dispatchLagP99Ms: number
}

const DRAIN_MS = 10_000

/** Sends `rate` requests a second for `seconds`, then waits for the answers (at most 10 s more). */
export async function fixedRateLoad(options: FixedRateOptions): Promise<FixedRateResult> {
  const target = new URL(options.url)
  const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n`
  const total = Math.round(options.rate * options.seconds)
  const latencies = new Float64Array(total).fill(Number.NaN)
  const lags = new Float64Array(total)
  let finished = 0
  let errors = 0
  let onFinished = () => {}

  const waiting: { index: number; dispatched: number }[] = []
  const idle: Connection[] = []
  const answered = (index: number, dispatched: number, status: number) => {
    if (status === 200) latencies[index] = performance.now() - dispatched
    else errors++
    finished++
    if (finished === total) onFinished()
  }
  const send = (connection: Connection, index: number, dispatched: number) => {
    const body = options.nextBody()
    connection.send(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, (status) => {
      answered(index, dispatched, status)
      if (!connection.alive) return
      const next = waiting.shift()
      if (next) send(connection, next.index, next.dispatched)
      else idle.push(connection)
    })
  }
  for (let i = 0; i < options.connections; i++) {
    idle.push(await Connection.open(target.hostname, Number(target.port)))
  }

  const interval = 1000 / options.rate
  const start = performance.now()
  let dispatched = 0
  await new Promise<void>((resolve) => {
    onFinished = resolve
    // Dispatches whatever is due, then sleeps until the next request is.
    const tick = () => {
      const now = performance.now()
      while (dispatched < total && start + dispatched * interval <= now) {
        lags[dispatched] = now - (start + dispatched * interval)
        const connection = idle.pop()
        if (connection) send(connection, dispatched, now)
        else waiting.push({ index: dispatched, dispatched: now })
        dispatched++
      }
      if (dispatched < total) setTimeout(tick, start + dispatched * interval - performance.now())
      else setTimeout(resolve, DRAIN_MS).unref()
    }
    tick()
  })
  Connection.closeAll()
  return {
    scheduled: total,
    completed: finished - errors,
    errors: total - (finished - errors),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    dispatchLagP99Ms: percentile(lags, 0.99),
  }
}

/** One keep-alive connection with at most one request in flight; reads answers by Content-Length. */
class Connection {
  static readonly #open = new Set<Connection>()
  readonly #socket: Socket
  #received: Buffer = Buffer.alloc(0)
  #done: ((status: number) => void) | null = null

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#read(chunk))
    // A broken connection fails its request; the run counts it and carries on with the others.
    socket.on('error', () => {})
    socket.on('close', () => this.#finish(0))
    Connection.#open.add(this)
  }

  static open(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new Connection(socket)))
      socket.once('error', reject)
    })
  }

  static closeAll(): void {
    for (const connection of Connection.#open) connection.#socket.destroy()
    Connection.#open.clear()
  }

  get alive(): boolean {
    return !this.#socket.destroyed
  }

  send(request: string, done: (status: number) => void): void {
    this.#done = done
    if (this.alive) this.#socket.write(request)
    else queueMicrotask(() => this.#finish(0))
  }

  #read(chunk: Buffer): void {
    this.#received = this.#received.length === 0 ? chunk : Buffer.concat([this.#received, chunk])
    const headerEnd = this.#received.indexOf('\r\n\r\n')
    if (headerEnd < 0) return
    const header = this.#received.toString('latin1', 0, headerEnd).toLowerCase()
    const length = Number(/\r\ncontent-length: *(\d+)/.exec(header)?.[1] ?? Number.NaN)
    const size = headerEnd + 4 + length
    if (!(this.#received.length >= size)) return
    this.#received = this.#received.subarray(size)
    this.#finish(Number(header.slice(9, 12)))
  }

  #finish(status: number): void {
    const done = this.#done
    this.#done = null
    done?.(status)
  }
}

/** Nearest-rank percentile of the finite values; NaN when there are none. */
function percentile(values: Float64Array, q: number): number {
  const sorted = values.filter(Number.isFinite).sort()
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
}
