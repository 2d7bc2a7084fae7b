import type { ModelSignature } from '../models/index.js'
import type { OnnxFeed, OnnxResult, OnnxSession } from '../onnx/index.js'
import type { ModelVersion } from '../registry/index.js'
import { type BatchingSettings, joinsRows, MicroBatcher } from './batching/index.js'

/**
 * The outputs a served model computes: those its signature names. Models exported elsewhere may add
 * non-tensor outputs (scikit-learn's ZipMap) that nothing here reads.
 */
export function signatureOutputs(signature: ModelSignature): readonly string[] {
  return signature.outputs.map((output) => output.name)
}

/** The session methods a loaded model uses (structural, so that tests can hand it a fake). */
export type ModelSession = Pick<OnnxSession, 'run' | 'release'>

/**
 * One model version loaded into an onnxruntime session and warmed up, shared by every request that
 * uses it. Requests hold a lease while they run; `retire()` stops new leases and frees the session
 * once the last lease is returned, so a request that started on a version always finishes on it.
 *
 * With batching settings that allow more than one row a run, concurrent runs are joined by a
 * `MicroBatcher` (when the signature's tensors all have rows first, see `joinsRows`); without, each
 * run goes to the session on its own.
 */
export class LoadedModel {
  readonly version: ModelVersion
  /** How long reading, loading and warming took, in seconds. */
  readonly loadSeconds: number
  readonly #session: ModelSession
  readonly #outputs: readonly string[]
  readonly #batcher: MicroBatcher | null
  #leases = 0
  #retired = false
  #released: Promise<void> | null = null
  #onDrained: (() => void) | null = null

  constructor(
    version: ModelVersion,
    session: ModelSession,
    loadSeconds: number,
    batching?: BatchingSettings,
  ) {
    this.version = version
    this.loadSeconds = loadSeconds
    this.#session = session
    this.#outputs = signatureOutputs(version.signature)
    this.#batcher = batching ? this.#batcherFor(batching) : null
  }

  get name(): string {
    return this.version.name
  }

  /** Requests running on this version now. */
  get leases(): number {
    return this.#leases
  }

  /** Takes a lease; false once the model is retired (the caller looks the model up again). */
  tryAcquire(): boolean {
    if (this.#retired) return false
    this.#leases++
    return true
  }

  /** Returns a lease taken with `tryAcquire`. */
  release(): void {
    this.#leases--
    if (this.#leases === 0 && this.#onDrained) this.#onDrained()
  }

  /**
   * Runs the model on `feeds`, computing the outputs its signature declares: one row of results per
   * row fed, in order, whether the run was joined with others or not.
   */
  run(feeds: Readonly<Record<string, OnnxFeed>>): Promise<Record<string, OnnxResult>> {
    return this.#batcher ? this.#batcher.run(feeds) : this.#runSession(feeds)
  }

  /**
   * Refuses new leases and frees the session once the leases in flight are returned and no batched
   * run is waiting or running. Idempotent; the promise settles when the session is freed.
   */
  retire(): Promise<void> {
    if (this.#released) return this.#released
    this.#retired = true
    this.#released = new Promise<void>((resolve) => {
      this.#onDrained = resolve
      if (this.#leases === 0) resolve()
    })
      .then(() => this.#batcher?.idle())
      .then(() => this.#session.release())
    return this.#released
  }

  #runSession(feeds: Readonly<Record<string, OnnxFeed>>): Promise<Record<string, OnnxResult>> {
    return this.#session.run(feeds, this.#outputs)
  }

  #batcherFor(batching: BatchingSettings): MicroBatcher | null {
    if (batching.maxRows <= 1 || !joinsRows(this.version.signature)) return null
    return new MicroBatcher((feeds) => this.#runSession(feeds), {
      maxRows: batching.maxRows,
      maxWaitMs: batching.maxWaitMs,
      observe: batching.metrics?.observerOf(this.name, this.version.version),
    })
  }
}
