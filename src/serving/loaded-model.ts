import type { ModelSignature } from '../models/index.js'
import type { OnnxFeed, OnnxResult, OnnxSession } from '../onnx/index.js'
import type { ModelVersion } from '../registry/index.js'

/**
 * The outputs a served model computes: those its signature names. Models exported elsewhere may add
 * non-tensor outputs (scikit-learn's ZipMap) that nothing here reads.
 */
export function signatureOutputs(signature: ModelSignature): readonly string[] {
  return signature.outputs.map((output) => output.name)
}

/**
 * One model version loaded into an onnxruntime session and warmed up, shared by every request that
 * uses it. Requests hold a lease while they run; `retire()` stops new leases and frees the session
 * once the last lease is returned, so a request that started on a version always finishes on it.
 */
export class LoadedModel {
  readonly version: ModelVersion
  /** How long reading, loading and warming took, in seconds. */
  readonly loadSeconds: number
  readonly #session: OnnxSession
  readonly #outputs: readonly string[]
  #leases = 0
  #retired = false
  #released: Promise<void> | null = null
  #onDrained: (() => void) | null = null

  constructor(version: ModelVersion, session: OnnxSession, loadSeconds: number) {
    this.version = version
    this.loadSeconds = loadSeconds
    this.#session = session
    this.#outputs = signatureOutputs(version.signature)
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

  /** Runs the model on `feeds`, computing the outputs its signature declares. */
  run(feeds: Readonly<Record<string, OnnxFeed>>): Promise<Record<string, OnnxResult>> {
    return this.#session.run(feeds, this.#outputs)
  }

  /**
   * Refuses new leases and frees the session once the leases in flight are returned. Idempotent;
   * the promise settles when the session is freed.
   */
  retire(): Promise<void> {
    if (this.#released) return this.#released
    this.#retired = true
    this.#released = new Promise<void>((resolve) => {
      this.#onDrained = resolve
      if (this.#leases === 0) resolve()
    }).then(() => this.#session.release())
    return this.#released
  }
}
