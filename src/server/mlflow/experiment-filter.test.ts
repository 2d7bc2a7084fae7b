import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import type { Experiment } from '../../tracking/index.js'
import { likeToRegExp, parseExperimentFilter } from './experiment-filter.js'

function experiment(name: string, tags: Record<string, string> = {}, creationTime = 1000): Experiment {
  return {
    experimentId: '1',
    name,
    artifactLocation: 'file:///x',
    lifecycleStage: 'active',
    creationTime,
    lastUpdateTime: creationTime + 1,
    tags,
  }
}

function matches(filter: string, e: Experiment): boolean {
  return parseExperimentFilter(filter)(e)
}

function assertInvalid(filter: string, position: number): void {
  assert.throws(
    () => parseExperimentFilter(filter),
    (error: unknown) =>
      error instanceof ShipyardError &&
      error.code === 'SHIPYARD_FILTER_INVALID' &&
      error.details.position === position,
    filter,
  )
}

describe('parseExperimentFilter', () => {
  it('compares names with =, != and the attribute prefixes', () => {
    assert.equal(matches("name = 'a'", experiment('a')), true)
    assert.equal(matches("name = 'a'", experiment('ab')), false)
    assert.equal(matches('attribute.name = "a"', experiment('a')), true)
    assert.equal(matches("attributes.name != 'a'", experiment('b')), true)
    assert.equal(matches("name = 'it''s'", experiment("it's")), true)
  })

  it('matches LIKE case-sensitively and ILIKE not, with % and _ only as wildcards', () => {
    assert.equal(matches("name LIKE 'fraud-%'", experiment('fraud-2024')), true)
    assert.equal(matches("name LIKE 'fraud-%'", experiment('Fraud-2024')), false)
    assert.equal(matches("name ilike 'fraud-%'", experiment('Fraud-2024')), true)
    assert.equal(matches("name LIKE 'a_c'", experiment('abc')), true)
    assert.equal(matches("name LIKE 'a_c'", experiment('abbc')), false)
    assert.equal(matches("name LIKE 'a.c'", experiment('abc')), false)
    assert.equal(matches("name LIKE '(x)*'", experiment('(x)*')), true)
  })

  it('reads tags, a missing tag matching nothing, and back-quoted keys', () => {
    assert.equal(matches("tags.team = 'risk'", experiment('e', { team: 'risk' })), true)
    assert.equal(matches("tags.team != 'risk'", experiment('e')), false)
    assert.equal(matches("tags.`my key` = 'v'", experiment('e', { 'my key': 'v' })), true)
    assert.equal(matches("tags.toString = 'v'", experiment('e')), false)
  })

  it('compares creation and update times as integers', () => {
    assert.equal(matches('creation_time >= 1000', experiment('e')), true)
    assert.equal(matches('creation_time > 1000', experiment('e')), false)
    assert.equal(matches('attributes.last_update_time = 1001', experiment('e')), true)
  })

  it('ANDs clauses', () => {
    const filter = "name LIKE 'x%' AND tags.team = 'risk' and creation_time < 5000"
    assert.equal(matches(filter, experiment('x1', { team: 'risk' })), true)
    assert.equal(matches(filter, experiment('x1', { team: 'ops' })), false)
  })

  it('refuses what it cannot evaluate, with the position of the token', () => {
    assertInvalid("name ~ 'x'", 5)
    assertInvalid("name = 'x' OR name = 'y'", 11)
    assertInvalid('name = x', 7)
    assertInvalid("name = 'x' AND", 14)
    assertInvalid("params.a = 'x'", 0)
    assertInvalid("creation_time LIKE '1'", 14)
    assertInvalid("creation_time = '1'", 16)
    assertInvalid("name = 'unterminated", 7)
  })
})

describe('likeToRegExp', () => {
  it('escapes regular-expression syntax', () => {
    assert.equal(likeToRegExp('a+b[c]$', false).test('a+b[c]$'), true)
    assert.equal(likeToRegExp('%', false).test('multi\nline'), true)
  })
})
