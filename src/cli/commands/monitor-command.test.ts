// `shipyard monitor` in process, on a home with versions trained by trainRun and a day of logged
// traffic (see openMonitorFixture): the terminal summary, the JSON report, the HTML file, and errors.
import assert from 'node:assert/strict'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { MonitorReport } from '../../monitoring/index.js'
import { type MonitorFixture, openMonitorFixture } from '../../monitoring/monitor/testing/monitor-fixtures.js'
import { type CliOutcome, runCommand } from '../testing/run-command.js'
import { registerMonitorCommand } from './monitor-command.js'

let fixture: MonitorFixture

/** `shipyard monitor ...args --home <fixture>` as `runCli` runs it: exit code and both streams. */
function monitor(...args: string[]): Promise<CliOutcome> {
  return runCommand(registerMonitorCommand, ['monitor', ...args, '--home', fixture.home])
}

before(async () => {
  fixture = await openMonitorFixture()
})
after(() => fixture.close())

describe('shipyard monitor', () => {
  it('prints each version: traffic, the feature table, the dataset drift line and quality against training', async () => {
    const { code, stdout, stderr } = await monitor('churn')
    assert.equal(code, 0, stderr)
    assert.match(
      stdout,
      /^churn: last 24h to \d{4}-\d\d-\d\d \d\d:\d\dZ\nrequests 2,450 · errors 30 \(1\.22%\) · latency p50 5 ms, p99 10 ms\n/,
    )
    const [, v1, v2, v3] = stdout.split(/\n(?=version \d)/)
    assert.match(v1!, /^version 1 \(run [0-9a-f]{32}\)\nrequests 1,230 · errors 30 \(2\.44%\)/)
    assert.match(v1!, /\nlabels: 300 of 1,230 rows \(24\.4%\)\n/)
    assert.match(v1!, /\nFEATURE +KIND +TEST +STATISTIC +P-VALUE +PSI +STATUS\n/)
    assert.match(v1!, /\nage +numeric +wasserstein +0\.0\d+ +- +0\.0\d+ +ok\n/)
    assert.match(v1!, /\nprobability \(prediction\) +numeric +wasserstein +[\d.]+ +- +[\d.]+ +ok\n/)
    assert.match(
      v1!,
      /\ndataset drift: 0 of 4 features drifted \(0%; the dataset drifts at 50%\): no dataset drift\n/,
    )
    assert.match(v1!, /\nQUALITY +LIVE \(300 rows\) +TRAINING \(VALID\)\nauc +0\.9\d+ +0\.9\d+\nlogloss /)
    assert.match(v2!, /\nage +numeric +wasserstein +0\.9\d+ +- +0\.8\d+ +drift\n/)
    assert.match(v2!, /\ndataset drift: 1 of 4 features drifted \(25%;/)
    assert.match(v3!, /\ndrift unavailable: version 3 was imported, not trained in a tracked run/)
    assert.match(v3!, /\nQUALITY +LIVE \(0 rows\) +TRAINING\nauc +- +-\n/)
  })

  it('takes per-feature drift settings from --drift-config, and names a feature the reference lacks', async () => {
    const config = join(fixture.home, 'drift.json')
    await writeFile(config, JSON.stringify({ features: { age: { method: 'psi', threshold: 100 } } }))
    const { code, stdout, stderr } = await monitor(
      'churn',
      '--version',
      '2',
      '--drift-config',
      config,
      '--json',
    )
    assert.equal(code, 0, stderr)
    const age = (JSON.parse(stdout) as MonitorReport).versions[0]!.drift
    assert.ok(age.available)
    const feature = age.report.features.find((f) => f.name === 'age')!
    assert.deepEqual([feature.method, feature.drifted], ['psi', false])
    await writeFile(config, JSON.stringify({ features: { agee: { method: 'psi' } } }))
    const bad = await monitor('churn', '--version', '2', '--drift-config', config)
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /agee/)
  })

  it('prints the report as JSON and writes the HTML report', async () => {
    const html = join(fixture.home, 'report.html')
    const { code, stdout, stderr } = await monitor(
      'churn',
      '--version',
      'v2',
      '--window',
      '3d',
      '--html',
      html,
      '--json',
    )
    assert.equal(code, 0, stderr)
    const report = JSON.parse(stdout) as MonitorReport
    assert.equal(report.window.length, '3d')
    assert.deepEqual(
      report.versions.map((v) => [v.version, v.traffic.requests, v.drift.available]),
      [[2, 1200, true]],
    )
    const page = await readFile(html, 'utf8')
    assert.equal(page.match(/<article class="card"/g)?.length, 5)
    assert.equal(page.match(/<svg /g)?.length, 5)
    assert.match(page, /<h2>Version 2 /)
  })

  it('refuses an unknown model, a bad window or version, and names them', async () => {
    const unknown = await monitor('nope', '--json')
    assert.equal(unknown.code, 1)
    assert.equal(JSON.parse(unknown.stderr).error.code, 'RESOURCE_DOES_NOT_EXIST')
    const window = await monitor('churn', '--window', 'yesterday')
    assert.equal(window.code, 1)
    assert.match(
      window.stderr,
      /^error: window: 'yesterday' is not a length of time; write a number and a unit: 30m, 24h, 7d\n/,
    )
    assert.match(
      (await monitor('churn', '--version', 'two')).stderr,
      /--version: 'two' is not a version number/,
    )
  })
})
