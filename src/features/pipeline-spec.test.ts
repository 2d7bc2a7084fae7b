import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../data/index.js'
import { fitPipeline } from './pipeline.js'
import { parseFittedPipeline, parsePipelineSpec, parseStepSpec } from './pipeline-spec.js'
import { numeric } from './testing/frames.js'

describe('parsePipelineSpec', () => {
  it('reads JSON text or a value, filling step defaults', () => {
    const text = '{"steps":[{"type":"impute","columns":["age"],"strategy":"median"}],"output":["age"]}'
    assert.deepEqual(parsePipelineSpec(text), {
      steps: [{ type: 'impute', columns: ['age'], strategy: 'median', indicator: false }],
      output: ['age'],
    })
    assert.deepEqual(parsePipelineSpec({ steps: [] }), { steps: [] })
  })

  it('names the step index and the field in every error', () => {
    const bad: [unknown, RegExp][] = [
      ['{"steps": [', /the pipeline spec is not valid JSON/],
      [[], /spec: must be an object, got \[\]/],
      [{}, /steps: must be an array of step specs, got nothing/],
      [{ steps: [1] }, /steps\[0\]: must be an object, got 1/],
      [
        { steps: [{ columns: ['a'] }] },
        /steps\[0\]\.type: must be one of 'impute', .*'expression', got nothing/,
      ],
      [{ steps: [{ type: 'scale' }] }, /steps\[0\]\.type: must be one of .* got "scale"/],
      [
        {
          steps: [
            { type: 'log1p', columns: ['a'] },
            { type: 'log1p', columns: [] },
          ],
        },
        /steps\[1\]\.columns: must be a non-empty array of column names, got \[\]/,
      ],
      [
        { steps: [{ type: 'log1p', columns: ['a', 3] }] },
        /steps\[0\]\.columns\[1\]: must be a non-empty string, got 3/,
      ],
      [
        { steps: [{ type: 'log1p', columns: ['age', 'age'] }] },
        /steps\[0\]\.columns: column 'age' is listed twice/,
      ],
      [
        { steps: [{ type: 'log1p', columns: ['a'], scale: 2 }] },
        /steps\[0\]\.scale: is not a known field; the fields are 'type', 'columns'/,
      ],
      [{ steps: [], output: 'a' }, /output: must be a non-empty array of column names, got "a"/],
      [{ steps: [], outputs: ['a'] }, /outputs: is not a known field; the fields are 'steps', 'output'/],
    ]
    for (const [json, message] of bad)
      assert.throws(() => parsePipelineSpec(json), message, JSON.stringify(json))
  })

  it('parses a single step under a caller-given path', () => {
    assert.throws(
      () => parseStepSpec({ type: 'clip', columns: ['a'], min: null }, 'features[4]'),
      /features\[4\]\.min: must be a finite number, got null/,
    )
  })
})

describe('parseFittedPipeline', () => {
  const data = Dataset.fromColumns([numeric('a', [1, 2, Number.NaN])])
  const fitted = fitPipeline({ steps: [{ type: 'impute', columns: ['a'], strategy: 'mean' }] }, data)

  it('reads back what fitPipeline wrote', () => {
    assert.deepEqual(parseFittedPipeline(JSON.stringify(fitted)), {
      ...fitted,
      steps: [{ ...fitted.steps[0], spec: { ...fitted.steps[0]!.spec, indicator: false } }],
      spec: { steps: [{ ...fitted.spec.steps[0]!, indicator: false }] },
    })
  })

  it('refuses another format or version and a step spec that no longer validates', () => {
    assert.throws(
      () => parseFittedPipeline({ ...fitted, format: 'x' }),
      /format: must be 'shipyard.feature-pipeline', got "x"/,
    )
    assert.throws(
      () => parseFittedPipeline({ ...fitted, version: 2 }),
      /version: must be 1 \(this release\), got 2/,
    )
    const broken = { ...fitted, steps: [{ ...fitted.steps[0], spec: { type: 'impute', columns: ['a'] } }] }
    assert.throws(() => parseFittedPipeline(broken), /steps\[0\]\.spec\.strategy: must be one of/)
    assert.throws(
      () => parseFittedPipeline({ ...fitted, inputs: [{ name: 'a', type: 'int' }] }),
      /inputs: must be an array/,
    )
  })
})
