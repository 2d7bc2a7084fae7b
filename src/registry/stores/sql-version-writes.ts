import type { Transaction } from 'kysely'
import type { Database } from '../../sql/index.js'
import type { StoredModelBlob } from '../model-blobs.js'
import type { CreateVersionInput } from '../types.js'
import { lineageToColumns, metricsToJson } from './sql-registry-rows.js'

/** A new version, checked, its bytes already stored. */
export interface VersionToInsert {
  readonly input: CreateVersionInput
  readonly description: string
  readonly tags: readonly { key: string; value: string }[]
  readonly metrics: Readonly<Record<string, number>>
  readonly blob: StoredModelBlob
}

/**
 * Inserts a version inside `trx` and returns its number: creates the model when missing, then takes
 * the next number from the model row's counter. The counter's update locks the row, so concurrent
 * registrations of one model get distinct numbers, and a deleted version's number is never given again.
 */
export async function insertVersion(trx: Transaction<Database>, version: VersionToInsert): Promise<number> {
  const { input } = version
  const now = Date.now()
  await trx
    .insertInto('registered_models')
    .values({
      name: input.name,
      description: '',
      creation_time: now,
      last_updated_time: now,
      last_version: 0,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const { last_version: number } = await trx
    .updateTable('registered_models')
    .set((eb) => ({ last_version: eb('last_version', '+', 1), last_updated_time: now }))
    .where('name', '=', input.name)
    .returning('last_version')
    .executeTakeFirstOrThrow()
  await trx
    .insertInto('model_versions')
    .values({
      name: input.name,
      version: number,
      creation_time: now,
      last_updated_time: now,
      description: version.description,
      sha256: version.blob.sha256,
      size_bytes: version.blob.sizeBytes,
      artifact_uri: version.blob.uri,
      signature: JSON.stringify(input.signature),
      metrics: metricsToJson(version.metrics),
      ...lineageToColumns(input.lineage),
    })
    .execute()
  if (version.tags.length > 0) {
    await trx
      .insertInto('model_version_tags')
      .values(version.tags.map((t) => ({ name: input.name, version: number, ...t })))
      .execute()
  }
  return Number(number)
}
