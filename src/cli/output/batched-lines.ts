import type { OutputStream } from '../cli-io.js'

/** Bytes of lines held at most before they are written, whatever the turn of the event loop. */
const MAX_HELD = 64 * 1024

/**
 * Log lines gathered and written once per turn of the event loop (or sooner past 64 KiB). A server
 * under load finishes many requests per turn; writing each request's lines alone costs a
 * synchronous write to stderr per line, more than answering a cached prediction. `flush()` writes
 * what is held, for shutdown; a crash loses at most the current turn's lines.
 */
export class BatchedLines {
  readonly #out: OutputStream
  #held: string[] = []
  #bytes = 0
  #scheduled = false

  constructor(out: OutputStream) {
    this.#out = out
  }

  write(line: string): void {
    this.#held.push(line)
    this.#bytes += line.length
    if (this.#bytes >= MAX_HELD) this.flush()
    else if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(() => this.flush())
    }
  }

  flush(): void {
    this.#scheduled = false
    if (this.#held.length === 0) return
    const text = this.#held.join('')
    this.#held = []
    this.#bytes = 0
    this.#out.write(text)
  }
}
