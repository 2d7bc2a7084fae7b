import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { attr, OnnxGraphBuilder } from './graph-builder.js'
import { OnnxSession } from './onnx-session.js'

describe('OnnxGraphBuilder + OnnxSession', () => {
  it('builds a graph onnxruntime runs: double arithmetic, a string LabelEncoder, a Concat to float', async () => {
    const g = new OnnxGraphBuilder('t')
    const age = g.addInput('age', 'double', ['N', 1])
    const city = g.addInput('city', 'string', ['N', 1])
    const [shifted] = g.addNode('Sub', [
      age,
      g.addConstant('mean', { type: 'double', dims: [], values: [30] }),
    ])
    const [scaled] = g.addNode('Div', [
      shifted!,
      g.addConstant('std', { type: 'double', dims: [], values: [10] }),
    ])
    const [code] = g.addNode(
      'LabelEncoder',
      [city],
      {
        keys_strings: attr.strings(['paris', 'oslo']),
        values_floats: attr.floats([1, 2]),
        default_float: attr.float(-1),
      },
      { domain: 'ai.onnx.ml' },
    )
    const [asFloat] = g.addNode('Cast', [scaled!], { to: attr.int(1) })
    const [features] = g.addNode('Concat', [asFloat!, code!], { axis: attr.int(1) })
    g.addOutput('features', features!, 'float', ['N', 2])
    const session = await OnnxSession.load(g.toModel())
    assert.deepEqual(session.inputNames, ['age', 'city'])
    const out = await session.run({
      age: { type: 'double', data: new Float64Array([40, 25, Number.NaN]), dims: [3, 1] },
      city: { type: 'string', data: ['oslo', 'rome', 'paris'], dims: [3, 1] },
    })
    assert.deepEqual(out.features?.dims, [3, 2])
    const values = Array.from(out.features!.data as Float32Array)
    assert.deepEqual(values.slice(0, 4), [1, 2, -0.5, -1])
    assert.ok(Number.isNaN(values[4]))
    assert.equal(values[5], 1)
    await session.release()
  })

  it('makes node output names unique and refuses a duplicate input', () => {
    const g = new OnnxGraphBuilder('t')
    g.addInput('x', 'double', ['N', 1])
    assert.throws(() => g.addInput('x', 'double', ['N', 1]), /already has a tensor named 'x'/)
    const [a] = g.addNode('Abs', ['x'], {}, { name: 'x' })
    const [b] = g.addNode('Abs', ['x'], {}, { name: 'x' })
    assert.notEqual(a, b)
    assert.notEqual(a, 'x')
  })

  it('reports a model onnxruntime refuses, with its reason', async () => {
    await assert.rejects(OnnxSession.load(new Uint8Array([1, 2, 3])), /onnxruntime refused the model/)
  })
})
