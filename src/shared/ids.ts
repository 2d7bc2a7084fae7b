import { randomBytes, randomInt } from 'node:crypto'

/** A run id in MLflow's format: 32 lowercase hex characters. */
export function newRunId(): string {
  return randomBytes(16).toString('hex')
}

/**
 * An experiment id: a decimal string, as MLflow's clients expect. Time-ordered with a random tail so
 * that two processes creating experiments at once never collide and need no shared counter.
 */
export function newExperimentId(now: number = Date.now()): string {
  return `${now}${randomInt(0, 1_000_000).toString().padStart(6, '0')}`
}
