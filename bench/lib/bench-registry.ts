// The registry of a benchmark's own Shipyard home (`<dir>/home`), where its servers find the model.
import { join } from 'node:path'
import type { ModelSignature } from '../../src/models/index.js'
import { importedLineage, SqlModelRegistry } from '../../src/registry/index.js'

/** Opens the SQLite registry under `<dir>/home`, as `shipyard serve` with SHIPYARD_HOME=<dir>/home does. */
export function openBenchRegistry(dir: string): Promise<SqlModelRegistry> {
  const home = join(dir, 'home')
  return SqlModelRegistry.open({
    database: { kind: 'sqlite', path: join(home, 'shipyard.db') },
    artifactRoot: join(home, 'artifacts'),
  })
}

/** Registers a trained model as the next version of `name` and points `production` at it. */
export async function registerBenchModel(
  dir: string,
  name: string,
  model: { toOnnx(): Uint8Array; readonly signature: ModelSignature },
  source: string,
): Promise<void> {
  const registry = await openBenchRegistry(dir)
  try {
    const version = await registry.createVersion({
      name,
      onnx: model.toOnnx(),
      signature: model.signature,
      lineage: importedLineage(source),
    })
    await registry.setAlias(name, 'production', version.version)
  } finally {
    await registry.close()
  }
}
