import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadConfig } from './config.js'
import { ShipyardError } from './errors.js'

describe('loadConfig', () => {
  it('defaults to ./.shipyard with an embedded SQLite file, like MLflow ./mlruns', () => {
    const config = loadConfig({}, {}, '/work/project')
    assert.equal(config.home, '/work/project/.shipyard')
    assert.deepEqual(config.database, { kind: 'sqlite', path: '/work/project/.shipyard/shipyard.db' })
    assert.equal(config.artifactRoot, '/work/project/.shipyard/artifacts')
    assert.equal(config.trackingUri, null)
  })

  it('reads SHIPYARD_* variables and lets flags override them', () => {
    const env = {
      SHIPYARD_HOME: '/data/sy',
      SHIPYARD_DATABASE_URL: 'postgres://app@db:5432/shipyard',
      SHIPYARD_TRACKING_URI: 'http://tracking:5000/',
    }
    const fromEnv = loadConfig({}, env, '/cwd')
    assert.equal(fromEnv.home, '/data/sy')
    assert.deepEqual(fromEnv.database, { kind: 'postgres', url: 'postgres://app@db:5432/shipyard' })
    assert.equal(fromEnv.trackingUri, 'http://tracking:5000')
    const fromFlags = loadConfig(
      { home: 'local', databaseUrl: 'sqlite:meta.db', trackingUri: 'https://x.example' },
      env,
      '/cwd',
    )
    assert.equal(fromFlags.home, '/cwd/local')
    assert.deepEqual(fromFlags.database, { kind: 'sqlite', path: '/cwd/meta.db' })
    assert.equal(fromFlags.trackingUri, 'https://x.example')
  })

  it('reads the Redis URL, null when unset', () => {
    assert.equal(loadConfig({}, {}, '/cwd').redisUrl, null)
    const config = loadConfig({}, { SHIPYARD_REDIS_URL: 'redis://127.0.0.1:6379/2' }, '/cwd')
    assert.equal(config.redisUrl, 'redis://127.0.0.1:6379/2')
  })

  const invalid: [string, Record<string, string>, RegExp][] = [
    [
      'an unsupported database scheme',
      { SHIPYARD_DATABASE_URL: 'mysql://x/y' },
      /SHIPYARD_DATABASE_URL.*unsupported scheme/,
    ],
    ['a tracking URI that is not http', { SHIPYARD_TRACKING_URI: 'ftp://x' }, /SHIPYARD_TRACKING_URI.*http/],
    [
      'a Redis URL of another scheme',
      { SHIPYARD_REDIS_URL: 'http://x:6379' },
      /SHIPYARD_REDIS_URL.*redis:\/\//,
    ],
    [
      'a tracking URI that is not a URL',
      { SHIPYARD_TRACKING_URI: 'localhost:5000:x' },
      /SHIPYARD_TRACKING_URI/,
    ],
    ['an empty home', { SHIPYARD_HOME: ' ' }, /SHIPYARD_HOME.*empty/],
  ]
  for (const [what, env, message] of invalid) {
    it(`rejects ${what}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({}, env, '/cwd'),
        (error: unknown) =>
          error instanceof ShipyardError &&
          error.code === 'SHIPYARD_CONFIG_INVALID' &&
          message.test(error.message),
      )
    })
  }

  it('names the flag, not the variable, when the flag is wrong', () => {
    assert.throws(() => loadConfig({ databaseUrl: 'redis://x' }, {}, '/cwd'), /--database-url/)
  })
})
