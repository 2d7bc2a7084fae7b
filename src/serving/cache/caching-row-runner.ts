import type { FastifyRequest } from 'fastify'
import type { OnnxFeed, OnnxResult } from '../../onnx/index.js'
import type { LoadedModel } from '../loaded-model.js'
import type { RowBatch } from '../protocol/index.js'
import type { RowRunner } from '../row-runner.js'
import { concatTensorRecords, mapTensors, takeRows } from '../tensor-rows.js'
import { cacheOutcome, tagCacheOutcome } from './cache-outcome.js'
import { type CachedRow, splitRows } from './cached-row.js'
import type { RequestMemo } from './request-memo.js'
import type { LayerLookup } from './row-cache-layer.js'
import { rowKeys } from './row-keys.js'
import type { TieredRowCache } from './tiered-row-cache.js'

/**
 * Answers each row from the prediction cache when it can: looks every row up, runs only the rows no
 * layer had (each distinct row once, however often the request repeats it), stores their answers and
 * puts the rows back in request order, so the results are those of running every row. A body seen
 * before is recalled whole from the memo first. Models whose cache is off (`enabled` false, asked at
 * every request) run as they are, untouched. Tags the request with its `CacheOutcome` once answered.
 */
export class CachingRowRunner implements RowRunner {
  readonly #cache: TieredRowCache
  readonly #memo: RequestMemo
  readonly #enabled: (modelName: string) => boolean

  constructor(cache: TieredRowCache, memo: RequestMemo, enabled: (modelName: string) => boolean) {
    this.#cache = cache
    this.#memo = memo
    this.#enabled = enabled
  }

  recall(model: LoadedModel, request: FastifyRequest): Promise<Record<string, OnnxResult>> | undefined {
    if (!this.#enabled(model.name)) return undefined
    const results = this.#memo.recall(model, request)
    if (results === undefined) return undefined
    tagCacheOutcome(request, 'hit')
    return answerLater(results)
  }

  async run(
    model: LoadedModel,
    _batch: RowBatch,
    feeds: Readonly<Record<string, OnnxFeed>>,
    request: FastifyRequest,
  ): Promise<Record<string, OnnxResult>> {
    if (!this.#enabled(model.name)) return model.run(feeds)
    const keys = rowKeys(model.version, feeds)
    const found = await this.#cache.get(keys)
    const missed = firstMisses(keys, found)
    if (missed.length === 0) {
      tagCacheOutcome(request, 'hit')
      const results = concatTensorRecords(found as CachedRow[])
      this.#memo.remember(model, request, results)
      return answerLater(results)
    }
    const whole = missed.length === keys.length
    const ran = await model.run(whole ? feeds : mapTensors(feeds, (feed) => takeRows(feed, missed)))
    const fresh = new Map(splitRows(ran, missed.length).map((row, j) => [keys[missed[j]!]!, row]))
    this.#cache.set(fresh)
    tagCacheOutcome(request, cacheOutcome(found.filter((row) => row !== undefined).length, keys.length))
    // Buffers of its own (the cached rows'), none of the run's: a batched run's may be shared.
    const answers = concatTensorRecords(keys.map((key, i) => found[i] ?? fresh.get(key)!))
    this.#memo.remember(model, request, answers)
    return whole ? ran : answers
  }
}

/**
 * Resolves on the next turn of the event loop, not in the tick that parsed the request: Node writes a
 * response made in that tick through a corked socket (a writev per response), which measured 13k req/s
 * against 20k when deferred (wrk, 64 connections, one process).
 */
async function answerLater<T>(value: T): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve))
  return value
}

/** The rows to run: the first row of each key no layer had, in request order. */
function firstMisses(keys: readonly string[], found: LayerLookup): number[] {
  const seen = new Set<string>()
  const rows: number[] = []
  keys.forEach((key, i) => {
    if (found[i] !== undefined || seen.has(key)) return
    seen.add(key)
    rows.push(i)
  })
  return rows
}
