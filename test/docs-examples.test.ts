// Runs every docs/examples/*.ts as a reader would (`npx tsx docs/examples/<file>.ts`), and the
// README's SDK example, each in a fresh SHIPYARD_HOME, so that the documentation cannot rot: the
// examples assert what they show.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { writeChurnCsv } from '../src/cli/quickstart/churn-data.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const examples = readdirSync(join(root, 'docs/examples'))
  .filter((file) => file.endsWith('.ts'))
  .sort()

describe('docs/examples', () => {
  it('has examples, and docs/concepts.md shows each one verbatim', () => {
    assert.ok(examples.length >= 6, `only ${examples.length} examples`)
    const concepts = readFileSync(join(root, 'docs/concepts.md'), 'utf8')
    for (const file of examples) {
      const code = readFileSync(join(root, 'docs/examples', file), 'utf8').trim()
      assert.ok(concepts.includes(`docs/examples/${file}`), `docs/concepts.md does not name ${file}`)
      assert.ok(concepts.includes(code), `docs/concepts.md does not show the current ${file}; paste it again`)
    }
  })

  for (const file of examples) {
    it(`${file} runs and its assertions hold`, () => runExample(join(root, 'docs/examples', file)))
  }
})

describe('README.md', () => {
  const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((match) => match[1] ?? '')
    .filter((code) => code.includes("from 'shipyard-ml'"))

  it('has the SDK, data and training examples', () => {
    assert.equal(blocks.length, 3, 'three README examples import shipyard-ml')
  })

  for (const [i, block] of blocks.entries()) {
    it(`example ${i + 1} runs against the package's entry point`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'shipyard-readme-'))
      try {
        // 'shipyard-ml' is the built package (dist/); the sources behind it are what this checks.
        const entry = pathToFileURL(join(root, 'src/index.ts')).href
        const file = join(dir, 'readme-example.mts')
        writeFileSync(file, block.replaceAll("from 'shipyard-ml'", `from '${entry}'`))
        // The data example reads churn.csv from where it runs: the quickstart's table.
        writeChurnCsv(join(dir, 'churn.csv'), { rows: 500, seed: 1 })
        runExample(file, { cwd: dir, usesStore: block.includes('Shipyard.open') })
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})

// Resolved here so that an example can run from a folder outside the repository.
const TSX = import.meta.resolve('tsx')

/** Runs one program as a reader would, in a fresh SHIPYARD_HOME; it must succeed and print something. */
function runExample(file: string, options: { cwd?: string; usesStore?: boolean } = {}): void {
  const home = mkdtempSync(join(tmpdir(), 'shipyard-docs-'))
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, SHIPYARD_HOME: home }
    delete env.SHIPYARD_DATABASE_URL
    delete env.SHIPYARD_TRACKING_URI
    const result = spawnSync(process.execPath, ['--import', TSX, file], {
      cwd: options.cwd ?? root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(result.status, 0, `${file} failed:\n${result.stdout}\n${result.stderr}`)
    assert.notEqual(result.stdout.trim(), '', `${file} printed nothing`)
    // The program wrote where it was told to, not into the repository's ./.shipyard.
    if (options.usesStore !== false) {
      assert.ok(readdirSync(home).includes('shipyard.db'), `${file} did not use SHIPYARD_HOME`)
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
