/** Something holding buffered writes that should reach the store before the process exits. */
export interface ExitFlushable {
  /** Writes what it can; must not reject (a failure is reported by the flushable itself). */
  flushAtExit(): Promise<void>
}

const registered = new Set<ExitFlushable>()

/**
 * Node emits `beforeExit` when the event loop runs dry, and async work is still allowed there; `exit`
 * allows none. So buffered metrics are flushed on `beforeExit`, and a process that ends through
 * `process.exit()`, an uncaught exception or a signal loses what is still buffered (at most one
 * buffer, about a second of points). The listener is installed only while something is registered,
 * so short-lived clients (tests) leave no listener behind.
 */
async function onBeforeExit(): Promise<void> {
  for (const flushable of [...registered]) await flushable.flushAtExit()
}

/** Flushes `flushable` when the process is about to exit; undo with `unregisterExitFlush`. */
export function registerExitFlush(flushable: ExitFlushable): void {
  if (registered.size === 0) process.on('beforeExit', onBeforeExit)
  registered.add(flushable)
}

/** Stops flushing `flushable` at exit. */
export function unregisterExitFlush(flushable: ExitFlushable): void {
  if (!registered.delete(flushable)) return
  if (registered.size === 0) process.off('beforeExit', onBeforeExit)
}
