import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread on a module, built (`.js`) or from source (`.ts`, run by tsx in tests and
 * benchmarks), with `workerData`. From source the worker must register tsx itself: Node 20 does not
 * hand the main thread's loader hooks to workers.
 */
export function startWorker(url: URL, workerData?: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData })
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(boot, { eval: true, workerData })
}
