import type { OutputStream } from '../cli-io.js'

/**
 * A one-line progress bar for long work, redrawn in place on a terminal. On anything else (a pipe,
 * a file, CI logs) it writes nothing at all: logs stay clean and `--json` output stays parseable.
 *
 * @example
 * const bar = new ProgressBar(io.stderr, 'training', 90)
 * for (...) bar.tick()
 * bar.done()
 */
export class ProgressBar {
  readonly #stream: OutputStream
  readonly #label: string
  readonly #total: number
  #done = 0
  #lastDrawn = -1

  constructor(stream: OutputStream, label: string, total: number) {
    this.#stream = stream
    this.#label = label
    this.#total = Math.max(1, total)
  }

  /** Advances by `steps` (default 1) and redraws when the visible percentage changed. */
  tick(steps = 1): void {
    this.#done = Math.min(this.#total, this.#done + steps)
    const percent = Math.floor((100 * this.#done) / this.#total)
    if (percent !== this.#lastDrawn) this.#draw(percent)
  }

  /** Clears the bar's line, leaving the terminal as it was. */
  done(): void {
    if (this.#stream.isTTY && this.#lastDrawn >= 0) this.#stream.write('\r\u001b[2K')
    this.#lastDrawn = -1
  }

  #draw(percent: number): void {
    if (!this.#stream.isTTY) return
    this.#lastDrawn = percent
    const width = Math.max(10, Math.min(40, (this.#stream.columns ?? 80) - this.#label.length - 12))
    const filled = Math.round((width * percent) / 100)
    this.#stream.write(`\r${this.#label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}%`)
  }
}
