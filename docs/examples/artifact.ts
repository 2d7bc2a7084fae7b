// Artifacts: files a run produces (models, plots, reports). Run with `npx tsx docs/examples/artifact.ts`.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Shipyard } from '../../src/index.js'

const shipyard = await Shipyard.open()
const run = await shipyard.startRun({ experimentName: 'churn-model' })

// Values straight from code...
await run.logJson({ auc: 0.91, threshold: 0.42 }, 'eval/summary.json')

// ...or files on disk, kept under their own name in a folder of the run's artifacts.
const local = join(mkdtempSync(join(tmpdir(), 'shipyard-example-')), 'features.txt')
writeFileSync(local, 'age\nincome\ntenure\n')
await run.logArtifact(local, 'data') // -> data/features.txt
await run.end()

// Every file is recorded with its size and sha256.
const files = await shipyard.store.listArtifactRecords(run.runId)
for (const file of files)
  console.log(`${file.path}  ${file.fileSize} bytes  sha256 ${file.sha256?.slice(0, 12)}`)
assert.deepEqual(
  files.map((file) => file.path),
  ['data/features.txt', 'eval/summary.json'],
)

const summary = JSON.parse((await shipyard.artifacts.read(run.info, 'eval/summary.json')).toString('utf8'))
assert.equal(summary.auc, 0.91)

await shipyard.close()
