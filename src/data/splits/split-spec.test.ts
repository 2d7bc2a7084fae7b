import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseCutoff, parseSplitSpec } from './split-spec.js'
import { shipyardError } from './testing/split-assertions.js'

const bad = (...patterns: RegExp[]) => shipyardError('INVALID_PARAMETER_VALUE', ...patterns)

describe('parseSplitSpec', () => {
  it('reads every kind and fills in defaults, from JSON text or a parsed value', () => {
    assert.deepEqual(parseSplitSpec('{"kind":"random","testFraction":0.2}'), {
      kind: 'random',
      testFraction: 0.2,
      seed: 0,
    })
    assert.deepEqual(parseSplitSpec({ kind: 'stratified', column: 'y', testFraction: 0.3, seed: 5 }), {
      kind: 'stratified',
      column: 'y',
      testFraction: 0.3,
      seed: 5,
    })
    assert.deepEqual(parseSplitSpec({ kind: 'group', column: 'user', testFraction: 0.3, seed: -2 }), {
      kind: 'group',
      column: 'user',
      testFraction: 0.3,
      seed: -2,
    })
    assert.deepEqual(parseSplitSpec({ kind: 'time', column: 'ts', cutoff: '2024-06-01' }), {
      kind: 'time',
      column: 'ts',
      cutoff: '2024-06-01',
      missing: 'error',
    })
    assert.deepEqual(parseSplitSpec({ kind: 'time', column: 'ts', testFraction: 0.1, missing: 'drop' }), {
      kind: 'time',
      column: 'ts',
      testFraction: 0.1,
      missing: 'drop',
    })
    assert.deepEqual(parseSplitSpec({ kind: 'kfold', k: 5, groupBy: 'user' }), {
      kind: 'kfold',
      k: 5,
      seed: 0,
      groupBy: 'user',
    })
    assert.deepEqual(parseSplitSpec({ kind: 'kfold', k: 3, seed: 1, stratifyBy: 'y' }), {
      kind: 'kfold',
      k: 3,
      seed: 1,
      stratifyBy: 'y',
    })
  })

  it('round-trips through JSON: a recorded spec parses back to itself', () => {
    for (const input of [
      { kind: 'random', testFraction: 0.25, seed: 9 },
      { kind: 'time', column: 'ts', cutoff: 1_700_000_000_000, missing: 'drop' },
      { kind: 'kfold', k: 4, seed: 2, stratifyBy: 'label' },
    ]) {
      const spec = parseSplitSpec(input)
      assert.deepEqual(parseSplitSpec(JSON.stringify(spec)), spec)
    }
  })

  it('names the bad field', () => {
    const cases: [unknown, RegExp][] = [
      ['{"kind":', /split: not valid JSON/],
      ['[1]', /split: must be a JSON object, got \[1\]/],
      [null, /split: must be a JSON object, got null/],
      [
        { kind: 'shuffle' },
        /kind: must be one of 'random', 'stratified', 'group', 'time', 'kfold', got 'shuffle'/,
      ],
      [{ testFraction: 0.2 }, /kind: must be one of .* got nothing/],
      [
        { kind: 'random', testFraction: 0.2, seeed: 1 },
        /seeed: unknown field for a random split; its fields are kind, testFraction, seed/,
      ],
      [{ kind: 'random', testFraction: 1 }, /testFraction: must be a number strictly between 0 and 1, got 1/],
      [{ kind: 'random', testFraction: '0.2' }, /testFraction: must be a number .* got '0.2'/],
      [{ kind: 'random' }, /testFraction: must be a number .* got nothing/],
      [{ kind: 'random', testFraction: 0.2, seed: 0.5 }, /seed: must be a safe integer, got 0.5/],
      [{ kind: 'stratified', testFraction: 0.2 }, /column: must be a column name, got nothing/],
      [{ kind: 'group', column: '', testFraction: 0.2 }, /column: must be a column name, got ''/],
      [{ kind: 'time', column: 'ts' }, /cutoff: give exactly one of cutoff and testFraction/],
      [{ kind: 'time', column: 'ts', cutoff: 1, testFraction: 0.5 }, /cutoff: give exactly one/],
      [
        { kind: 'time', column: 'ts', cutoff: true },
        /cutoff: must be a finite number or an ISO-8601 date string, got true/,
      ],
      [
        { kind: 'time', column: 'ts', cutoff: '2024-02-30' },
        /cutoff: must be an ISO-8601 date .* got '2024-02-30'/,
      ],
      [{ kind: 'time', column: 'ts', cutoff: 'yesterday' }, /cutoff: must be an ISO-8601/],
      [
        { kind: 'time', column: 'ts', cutoff: 1, missing: 'skip' },
        /missing: must be 'error' or 'drop', got 'skip'/,
      ],
      [{ kind: 'kfold', k: 1 }, /k: must be an integer of at least 2, got 1/],
      [{ kind: 'kfold', k: 2.5 }, /k: must be an integer of at least 2, got 2.5/],
      [
        { kind: 'kfold', k: 3, stratifyBy: 'y', groupBy: 'u' },
        /groupBy: give at most one of stratifyBy and groupBy/,
      ],
      [{ kind: 'kfold', k: 3, testFraction: 0.2 }, /testFraction: unknown field for a kfold split/],
    ]
    for (const [input, pattern] of cases) {
      assert.throws(() => parseSplitSpec(input), bad(pattern), `for ${JSON.stringify(input)}`)
    }
  })
})

describe('parseCutoff', () => {
  it('reads dates as UTC midnight and date-times only with a zone', () => {
    assert.equal(parseCutoff('2024-06-01'), Date.UTC(2024, 5, 1))
    assert.equal(parseCutoff('2024-06-01T12:30:00Z'), Date.UTC(2024, 5, 1, 12, 30))
    assert.equal(parseCutoff('2024-06-01 12:30Z'), Date.UTC(2024, 5, 1, 12, 30))
    assert.equal(parseCutoff('2024-06-01T12:30:00.250+02:00'), Date.UTC(2024, 5, 1, 10, 30, 0, 250))
    for (const text of ['2024-06-01T12:30:00', '2024-6-1', '2024-02-30', '2024-06-01T12:30+0200', '']) {
      assert.throws(() => parseCutoff(text), bad(/cutoff: must be an ISO-8601/), text)
    }
  })
})
