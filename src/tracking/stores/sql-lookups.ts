import type { Kysely } from 'kysely'
import { notFound, ShipyardError } from '../../shared/index.js'
import type { Database } from '../../sql/index.js'

/** The experiment's row; `RESOURCE_DOES_NOT_EXIST` naming it when there is none. */
export async function requireExperiment(db: Kysely<Database>, experimentId: string) {
  const row = await db
    .selectFrom('experiments')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .executeTakeFirst()
  if (!row) throw notFound('experiment', experimentId)
  return row
}

/** The run's id and stage; `RESOURCE_DOES_NOT_EXIST` naming it when there is none. */
export async function requireRun(db: Kysely<Database>, runId: string) {
  const row = await db
    .selectFrom('runs')
    .select(['run_uuid', 'lifecycle_stage'])
    .where('run_uuid', '=', runId)
    .executeTakeFirst()
  if (!row) throw notFound('run', runId)
  return row
}

/** As `requireRun`, and refuses a deleted run (`SHIPYARD_RUN_NOT_ACTIVE`): nothing is logged to it. */
export async function requireActiveRun(db: Kysely<Database>, runId: string): Promise<void> {
  const row = await requireRun(db, runId)
  if (row.lifecycle_stage !== 'active') {
    throw new ShipyardError(
      'SHIPYARD_RUN_NOT_ACTIVE',
      `run '${runId}' is deleted; restore it before logging to it`,
      {
        details: { run: runId },
      },
    )
  }
}

/** The error for an experiment name that is taken. */
export function nameTaken(name: string): ShipyardError {
  return new ShipyardError('RESOURCE_ALREADY_EXISTS', `experiment '${name}' already exists`, {
    details: { name },
  })
}
