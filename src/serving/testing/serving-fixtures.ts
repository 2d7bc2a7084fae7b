import { mkdtempSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Dataset } from '../../data/index.js'
import { train } from '../../models/index.js'
import {
  importedLineage,
  importOnnxModel,
  type ModelVersion,
  SqlModelRegistry,
} from '../../registry/index.js'
import { TEST_DATABASE_BACKENDS, type TestDatabaseBackend } from '../../sql/test-databases.js'
import { buildInferenceServer, type InferenceServer, type InferenceServerDeps } from '../inference-server.js'

/** A fresh registry on a test database, for serving tests. */
export interface ServingFixture {
  readonly registry: SqlModelRegistry
  readonly backend: TestDatabaseBackend
  /** The PostgreSQL URL of the database (null on SQLite), for LISTEN. */
  readonly postgresUrl: string | null
  readonly dir: string
  close(): Promise<void>
}

/** Opens a registry on a new database of `backend` (default SQLite). */
export async function openServingFixture(
  backend: TestDatabaseBackend = TEST_DATABASE_BACKENDS[0]!,
): Promise<ServingFixture> {
  const db = await backend.create()
  const registry = await SqlModelRegistry.open({
    database: db.target,
    artifactRoot: join(db.dir, 'artifacts'),
  })
  return {
    registry,
    backend,
    postgresUrl: db.target.kind === 'postgres' ? db.target.url : null,
    dir: db.dir,
    close: async () => {
      await registry.close()
      await db.dispose()
    },
  }
}

const LINEAGE = importedLineage('serving test')

/** The rows the tiny models learn from: `amount` (numeric), `city` (category) and the targets. */
function tinyData(slope: number): Dataset {
  const rows = 120
  const amount = Float64Array.from({ length: rows }, (_, i) => i % 40)
  const codes = Int32Array.from({ length: rows }, (_, i) => i % 2)
  return Dataset.fromColumns([
    { name: 'amount', type: 'numeric', values: amount },
    { name: 'city', type: 'categorical', dictionary: ['oslo', 'lima'], codes },
    { name: 'spend', type: 'numeric', values: amount.map((a, i) => slope * a + (codes[i] === 0 ? 5 : 0)) },
  ])
}

const trained = new Map<string, Promise<Awaited<ReturnType<typeof train>>>>()

/**
 * A linear regressor of `spend` from `amount` and `city`: `spend ≈ slope × amount (+5 in oslo)`, so
 * two slopes tell two versions apart by their answers. Trained once per slope per process.
 */
export function tinyRegressor(slope: number) {
  const key = `regressor:${slope}`
  if (!trained.has(key))
    trained.set(key, train(tinyData(slope), { target: 'spend', model: 'linear', seed: 1 }))
  return trained.get(key)!
}

/** A small boosted-tree classifier of `big` (`yes` when amount ≥ 20) from `amount` and `city`. */
export function tinyClassifier() {
  const key = 'classifier'
  if (!trained.has(key)) {
    const data = tinyData(1)
    const amount = (data.column('amount') as { values: Float64Array }).values
    const labelled = data.drop(['spend']).withColumns([
      {
        name: 'big',
        type: 'categorical',
        dictionary: ['no', 'yes'],
        codes: Int32Array.from(amount, (a) => (a >= 20 ? 1 : 0)),
      },
    ])
    trained.set(key, train(labelled, { target: 'big', seed: 1, params: { num_trees: 5, num_leaves: 4 } }))
  }
  return trained.get(key)!
}

/** Registers a tiny regressor of `slope` as the next version of `name`. */
export async function registerRegressor(
  registry: SqlModelRegistry,
  name: string,
  slope: number,
): Promise<ModelVersion> {
  const model = await tinyRegressor(slope)
  return registry.createVersion({ name, onnx: model.toOnnx(), signature: model.signature, lineage: LINEAGE })
}

/** A new Shipyard home (a temp folder) whose registry has `spend` v1 (a tiny regressor) at `production`. */
export async function homeWithModel(prefix: string): Promise<string> {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const registry = await SqlModelRegistry.open({
    database: { kind: 'sqlite', path: join(home, 'shipyard.db') },
    artifactRoot: join(home, 'artifacts'),
  })
  await registerRegressor(registry, 'spend', 1)
  await registry.setAlias('spend', 'production', 1)
  await registry.close()
  return home
}

/** Registers the tiny classifier as the next version of `name`. */
export async function registerClassifier(registry: SqlModelRegistry, name: string): Promise<ModelVersion> {
  const model = await tinyClassifier()
  return registry.createVersion({ name, onnx: model.toOnnx(), signature: model.signature, lineage: LINEAGE })
}

/** Imports the skl2onnx-style 3-class logistic regression fixture (`float_input` [N, 4]) as `name`. */
export async function registerForeignClassifier(
  registry: SqlModelRegistry,
  name: string,
): Promise<ModelVersion> {
  const onnx = await readFile(
    new URL('../../../test/fixtures/foreign-onnx/logreg-3class.onnx', import.meta.url),
  )
  return importOnnxModel(registry, {
    name,
    onnx,
    source: 'logreg-3class.onnx',
    features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
  })
}

/** Overwrites a version's stored ONNX bytes with garbage, as a damaged disk would. */
export async function corruptStoredModel(version: ModelVersion): Promise<void> {
  await writeFile(fileURLToPath(version.artifactUri), 'not an onnx model')
}

/** Builds an inference server on the fixture's registry, with logs off and a fast poll. */
export function testInferenceServer(
  fixture: ServingFixture,
  deps: Omit<InferenceServerDeps, 'registry'>,
): Promise<InferenceServer> {
  return buildInferenceServer({ registry: fixture.registry, pollIntervalMs: 50, ...deps })
}

/**
 * Resolves once `condition` holds, looking every few milliseconds; fails naming `what` after `ms`.
 * For events with no promise to wait on (a poll seeing a change); the deadline is only a backstop.
 */
export async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
