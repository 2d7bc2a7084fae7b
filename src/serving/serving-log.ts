/**
 * Where the inference server's components report what happened: the subset of pino's logger they
 * use, so Fastify's `app.log` fits and tests can pass a silent one.
 */
export interface ServingLog {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
}

/** Discards everything. */
export const SILENT_LOG: ServingLog = { info() {}, warn() {}, error() {} }
