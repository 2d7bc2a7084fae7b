import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { failsWith } from '../protocol/testing/signatures.js'
import { readServingConfig } from './serving-config.js'

const dir = mkdtempSync(join(tmpdir(), 'serving-config-'))

function configFile(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('readServingConfig', () => {
  after(() => rmSync(dir, { recursive: true, force: true }))
  it('reads a YAML file', () => {
    const settings = readServingConfig(
      configFile(
        'serving.yaml',
        `models:
  churn:
    canary:
      - { target: production, weight: 90 }
      - { target: 5, weight: 10 }
    shadow: staging
    sticky_header: X-Account
    cache: false
  spend:
    pinning: false
shadowing:
  concurrency: 1
  queue: 8
`,
      ),
    )
    const churn = settings.policy('churn')
    assert.deepEqual(
      churn.canary.map((arm) => arm.weight),
      [90, 10],
    )
    assert.deepEqual(churn.shadow, { target: { kind: 'alias', alias: 'staging' }, tolerance: 0 })
    assert.equal(churn.stickyHeader, 'x-account')
    assert.equal(settings.cacheEnabled('churn'), false)
    assert.equal(settings.policy('spend').pinning, false)
    assert.deepEqual(settings.shadowLimits, { concurrency: 1, queue: 8, history: 100 })
  })

  it('reads a JSON file, and an empty one as no policies', () => {
    const json = readServingConfig(
      configFile('serving.json', '{"models": {"churn": {"canary": [{"target": "v2", "weight": 100}]}}}'),
    )
    assert.deepEqual(json.policy('churn').canary, [{ target: { kind: 'version', version: 2 }, weight: 100 }])
    assert.equal(readServingConfig(configFile('empty.yaml', '')).models().size, 0)
  })

  it('names the file and the field of a bad setting', () => {
    const path = configFile(
      'bad-weight.yaml',
      'models:\n  churn:\n    canary:\n      - { target: production, weight: 90 }\n      - { target: 5, weight: "10" }\n',
    )
    assert.throws(
      () => readServingConfig(path),
      failsWith(
        'INVALID_PARAMETER_VALUE',
        /bad-weight\.yaml: models\.churn\.canary\[1\]\.weight: must be a number/,
        {
          field: 'models.churn.canary[1].weight',
          file: path,
        },
      ),
    )
    const typo = configFile('typo.yaml', 'model:\n  churn: {}\n')
    assert.throws(
      () => readServingConfig(typo),
      failsWith('INVALID_PARAMETER_VALUE', /unknown setting \(did you mean 'models'\?\)/, { field: 'model' }),
    )
    const shadowing = configFile('shadowing.yaml', 'shadowing:\n  queue: -1\n')
    assert.throws(
      () => readServingConfig(shadowing),
      failsWith('INVALID_PARAMETER_VALUE', /at least 0/, { field: 'shadowing.queue' }),
    )
  })

  it('names the line of bad YAML, and a file it cannot read', () => {
    const path = configFile('broken.yaml', 'models:\n  churn: [\n')
    assert.throws(
      () => readServingConfig(path),
      failsWith('INVALID_PARAMETER_VALUE', /broken\.yaml:\d+:\d+: not valid YAML/),
    )
    assert.throws(
      () => readServingConfig(join(dir, 'missing.yaml')),
      failsWith('RESOURCE_DOES_NOT_EXIST', /missing\.yaml: cannot read/),
    )
  })
})
