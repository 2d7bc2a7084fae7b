import { DEFAULT_ALIAS, formatModelRoute, type ModelRef, type ModelRoute } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'
import { batchingSettings } from './batching/index.js'
import type { LoadedModel } from './loaded-model.js'
import { type LoadModelOptions, loadModel, type ServingRegistry } from './model-loader.js'
import { type ServingLog, SILENT_LOG } from './serving-log.js'
import { type CachedVersion, VersionCache } from './version-cache.js'

/** Options of a `ModelPool`. */
export interface ModelPoolOptions extends LoadModelOptions {
  readonly registry: ServingRegistry
  /**
   * The models served from start (`--model`), each kept loaded and switched when its alias moves.
   * Empty: every registered model with a `production` alias, looked for again at each refresh.
   */
  readonly routes: readonly ModelRoute[]
  /** Versions asked for outside the routes kept loaded, least recently used retired first. Default 4. */
  readonly cacheSize?: number
  readonly log?: ServingLog
}

/** What a request asks for: a model's default route, an alias, or one version. */
export type ModelSelector =
  | { readonly name: string; readonly kind: 'default' }
  | { readonly name: string; readonly kind: 'alias'; readonly alias: string }
  | { readonly name: string; readonly kind: 'version'; readonly version: number }

/** A served route as the server reports it. */
export interface RouteStatus {
  readonly name: string
  readonly ref: ModelRef
  /** The version answering now, or null before the first load. */
  readonly version: number | null
  /** Why the route is not on the version its alias names, when it is not. */
  readonly failure: { readonly version: number | null; readonly message: string } | null
}

/** One version of a model as the server holds it (TF-Serving's model status). */
export interface VersionState {
  readonly version: number
  readonly state: 'LOADING' | 'AVAILABLE' | 'FAILED'
  readonly message: string
}

interface Route {
  readonly name: string
  readonly ref: ModelRef
  served: CachedVersion | null
  failure: RouteStatus['failure']
}

// A request that lost a race with a switch or an eviction looks again; only a storm of evictions
// outruns this many tries.
const LEASE_ATTEMPTS = 5

/**
 * The models an inference server answers with. Each route (`--model name@alias`) is loaded and warmed
 * before it serves; when a refresh finds its alias moved, the new version is loaded and warmed first,
 * then the route switches in one step. Requests already running finish on the version they started on,
 * whose session is freed after the last one. A version that cannot be loaded (corrupt bytes, a model
 * onnxruntime refuses) is logged and refused, and the route keeps serving what it had.
 *
 * Versions asked for by number, and aliases no route follows, load on first use into a small LRU
 * cache. Alias lookups outside the routes are remembered until the next refresh.
 *
 * Each loaded version joins its concurrent runs into one onnxruntime run as `options.batching` says
 * (see `BatchingOptions`); batching options out of range throw `INVALID_PARAMETER_VALUE` here.
 *
 * @example
 * const pool = new ModelPool({ registry, routes: [parseModelRoute('churn@production')] })
 * await pool.refresh()
 * await pool.withModel({ name: 'churn', kind: 'default' }, (model) => model.run(feeds))
 */
export class ModelPool {
  readonly #registry: ServingRegistry
  readonly #routes: Route[]
  readonly #discover: boolean
  readonly #cache: VersionCache
  readonly #log: ServingLog
  readonly #aliases = new Map<string, number>()
  #refreshing: Promise<void> | null = null
  #again = false
  #refreshed = false
  #closed = false

  constructor(options: ModelPoolOptions) {
    this.#registry = options.registry
    this.#routes = options.routes.map((route) => ({ ...route, served: null, failure: null }))
    this.#discover = options.routes.length === 0
    this.#log = options.log ?? SILENT_LOG
    // Checked now, so that options out of range fail the server's start rather than every load.
    const loadOptions = { ...options, batching: batchingSettings(options.batching) }
    const load = async (name: string, version: number) => {
      const model = await loadModel(options.registry, name, version, loadOptions)
      this.#log.info(
        { model: name, version, load_seconds: model.loadSeconds },
        `loaded ${name} version ${version}`,
      )
      return model
    }
    this.#cache = new VersionCache(load, options.cacheSize ?? 4, this.#log)
  }

  /**
   * True once every route serves a version (and, without routes given, once at least one model with a
   * `production` alias was found and loaded).
   */
  get ready(): boolean {
    return this.#refreshed && this.#routes.length > 0 && this.#routes.every((route) => route.served !== null)
  }

  /** The routes and what each serves. */
  routes(): readonly RouteStatus[] {
    return this.#routes.map((route) => ({
      name: route.name,
      ref: route.ref,
      version: route.served?.version ?? null,
      failure: route.failure,
    }))
  }

  /**
   * Looks up every route's alias again and switches the routes whose alias moved (load and warm
   * first). Never throws: what fails is logged and kept in the route's status, and tried again at the
   * next refresh. Calls made while one runs are folded into one more pass after it.
   */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true
      return this.#refreshing
    }
    const run = async () => {
      try {
        do {
          this.#again = false
          await this.#refreshOnce()
        } while (this.#again && !this.#closed)
      } finally {
        // Cleared in the same turn as the last check of #again, so no call can slip between them.
        this.#refreshing = null
      }
    }
    this.#refreshing = run()
    return this.#refreshing
  }

  /**
   * Runs `work` with the model the selector names, holding a lease so that the version is not freed
   * under it. `RESOURCE_DOES_NOT_EXIST` for an unknown model, alias or version;
   * `SHIPYARD_MODEL_NOT_READY` for a route not loaded yet; what loading throws for a version that
   * cannot be loaded.
   */
  async withModel<T>(selector: ModelSelector, work: (model: LoadedModel) => Promise<T>): Promise<T> {
    for (let attempt = 0; attempt < LEASE_ATTEMPTS; attempt++) {
      const model = await this.#lease(selector)
      if (model === null) continue
      try {
        return await work(model)
      } finally {
        model.release()
      }
    }
    throw new ShipyardError(
      'SHIPYARD_MODEL_NOT_READY',
      `model '${selector.name}' is being switched or reloaded; retry shortly`,
      { details: { model: selector.name } },
    )
  }

  /** Every version loaded now (routes' and cached ones). */
  loaded(): readonly LoadedModel[] {
    return this.#cache.entries().flatMap((entry) => (entry.model ? [entry.model] : []))
  }

  /** The versions of `name` held now, loading or loaded, and those its routes failed to load. */
  versionStates(name: string): readonly VersionState[] {
    const states = new Map<number, VersionState>()
    for (const route of this.#routes) {
      if (route.name === name && route.failure?.version != null) {
        const { version, message } = route.failure
        states.set(version, { version, state: 'FAILED', message })
      }
    }
    for (const entry of this.#cache.entries()) {
      if (entry.name !== name) continue
      const state = entry.model ? 'AVAILABLE' : 'LOADING'
      states.set(entry.version, { version: entry.version, state, message: '' })
    }
    return [...states.values()].sort((a, b) => a.version - b.version)
  }

  /**
   * Stops refreshing and frees every session once the requests holding them finish. Close the HTTP
   * server first, so that no new request arrives.
   */
  async close(): Promise<void> {
    this.#closed = true
    await this.#refreshing
    await this.#cache.close()
  }

  async #refreshOnce(): Promise<void> {
    if (this.#closed) return
    this.#aliases.clear()
    if (this.#discover) await this.#discoverRoutes()
    await Promise.all(this.#routes.map((route) => this.#refreshRoute(route)))
    this.#refreshed = true
  }

  async #discoverRoutes(): Promise<void> {
    let pageToken: string | undefined
    try {
      do {
        const page = await this.#registry.searchModels({ maxResults: 1000, pageToken })
        for (const model of page.items) {
          const known = this.#routes.some((route) => route.name === model.name)
          if (model.aliases[DEFAULT_ALIAS] !== undefined && !known) {
            this.#routes.push({
              name: model.name,
              ref: { kind: 'alias', alias: DEFAULT_ALIAS },
              served: null,
              failure: null,
            })
          }
        }
        pageToken = page.nextPageToken
      } while (pageToken)
    } catch (error) {
      this.#log.warn({ err: error }, 'cannot list registered models; serving the routes found before')
    }
  }

  async #refreshRoute(route: Route): Promise<void> {
    let target: number
    try {
      target =
        route.ref.kind === 'version'
          ? route.ref.version
          : (await this.#registry.resolve(route.name, route.ref.alias)).version
    } catch (error) {
      this.#routeFailed(route, null, error)
      return
    }
    if (route.served?.version === target) {
      route.failure = null
      return
    }
    const next = this.#cache.pin(route.name, target)
    try {
      await next.loading
    } catch (error) {
      this.#cache.unpin(next)
      this.#routeFailed(route, target, error)
      return
    }
    const previous = route.served
    route.served = next
    route.failure = null
    if (previous) this.#cache.unpin(previous)
    this.#log.info(
      { model: route.name, version: target, previous_version: previous?.version ?? null },
      `${formatModelRoute(route)} now serves version ${target}`,
    )
  }

  #routeFailed(route: Route, version: number | null, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error)
    route.failure = { version, message }
    const serving = route.served ? `still serving version ${route.served.version}` : 'nothing served yet'
    const what = version === null ? 'cannot resolve' : `refused version ${version} of`
    this.#log.error(
      { model: route.name, version, serving: route.served?.version ?? null, err: error },
      `${what} ${formatModelRoute(route)} (${message}); ${serving}`,
    )
  }

  async #lease(selector: ModelSelector): Promise<LoadedModel | null> {
    const route = this.#routeFor(selector)
    const cached = route
      ? this.#servedBy(route)
      : this.#cache.get(selector.name, await this.#versionOf(selector))
    const model = cached.model ?? (await cached.loading)
    return model.tryAcquire() ? model : null
  }

  #servedBy(route: Route): CachedVersion {
    if (route.served) return route.served
    const why = route.failure ? `: ${route.failure.message}` : '; retry shortly'
    throw new ShipyardError(
      'SHIPYARD_MODEL_NOT_READY',
      `model ${formatModelRoute(route)} is not loaded yet${why}`,
      { details: { model: route.name } },
    )
  }

  // The route a selector names: the model's first route for `default`, the route following that alias.
  #routeFor(selector: ModelSelector): Route | undefined {
    if (selector.kind === 'version') return undefined
    const alias = selector.kind === 'alias' ? selector.alias.toLowerCase() : undefined
    return this.#routes.find(
      (route) =>
        route.name === selector.name &&
        (alias === undefined || (route.ref.kind === 'alias' && route.ref.alias === alias)),
    )
  }

  async #versionOf(selector: ModelSelector): Promise<number> {
    if (selector.kind === 'version') return selector.version
    const key = aliasKey(selector)
    const known = this.#aliases.get(key)
    if (known !== undefined) return known
    const alias = selector.kind === 'alias' ? selector.alias : DEFAULT_ALIAS
    const { version } = await this.#registry.resolve(selector.name, alias)
    this.#aliases.set(key, version)
    return version
  }
}

function aliasKey(selector: ModelSelector): string {
  const alias = selector.kind === 'alias' ? selector.alias.toLowerCase() : DEFAULT_ALIAS
  return `${alias}:${selector.name}`
}
