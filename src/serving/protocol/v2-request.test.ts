import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { failsWith } from './testing/signatures.js'
import { decodeV2 } from './v2-request.js'

const tensor = (name: string, shape: number[], datatype: string, data: unknown) => ({
  name,
  shape,
  datatype,
  data,
})

describe('decodeV2', () => {
  it('reads columns of every JSON type, with id, parameters and outputs', () => {
    const request = decodeV2({
      id: 'req-1',
      parameters: { content_type: 'pd' },
      inputs: [
        tensor('age', [2], 'FP64', [41.5, null]),
        tensor('visits', [2, 1], 'INT32', [3, 4]),
        tensor('member', [2], 'BOOL', [true, false]),
        tensor('city', [2, 1], 'BYTES', ['oslo', 'lima']),
      ],
      outputs: [{ name: 'probabilities' }],
    })
    assert.equal(request.id, 'req-1')
    assert.deepEqual(request.parameters, { content_type: 'pd' })
    assert.deepEqual(request.outputs, ['probabilities'])
    assert.equal(request.batch.rowCount, 2)
    assert.deepEqual(Object.fromEntries(request.batch.columns), {
      age: { values: [41.5, null], width: 1 },
      visits: { values: [3, 4], width: 1 },
      member: { values: [true, false], width: 1 },
      city: { values: ['oslo', 'lima'], width: 1 },
    })
  })

  it('reads a [N, k] matrix input, flat or nested row-major', () => {
    const flat = decodeV2({ inputs: [tensor('float_input', [2, 3], 'FP32', [1, 2, 3, 4, 5, 6])] })
    const nested = decodeV2({
      inputs: [
        tensor('float_input', [2, 3], 'FP32', [
          [1, 2, 3],
          [4, 5, 6],
        ]),
      ],
    })
    for (const request of [flat, nested]) {
      assert.equal(request.batch.rowCount, 2)
      assert.deepEqual(request.batch.columns.get('float_input'), { values: [1, 2, 3, 4, 5, 6], width: 3 })
    }
    assert.equal(flat.id, undefined)
    assert.equal(flat.outputs, undefined)
  })

  it('refuses a body without inputs, naming the field', () => {
    assert.throws(
      () => decodeV2({ id: 'x' }),
      failsWith('BAD_REQUEST', /inputs must be a non-empty array/, { field: 'inputs' }),
    )
    assert.throws(() => decodeV2({ inputs: [] }), failsWith('BAD_REQUEST', /got an empty array/))
    assert.throws(() => decodeV2('x'), failsWith('BAD_REQUEST', /JSON object/, { field: 'body' }))
    assert.throws(
      () => decodeV2({ id: 7, inputs: [] }),
      failsWith('BAD_REQUEST', /id must be a string/, { field: 'id' }),
    )
  })

  it('refuses a malformed tensor, naming the input and field', () => {
    const cases: [unknown, RegExp, string][] = [
      [tensor('', [1], 'FP64', [1]), /inputs\[0\].name must be a non-empty string/, 'inputs[0].name'],
      [
        tensor('age', [1, 2, 3], 'FP64', [1]),
        /inputs\[0\].shape must be \[N\] or \[N, k\]/,
        'inputs[0].shape',
      ],
      [tensor('age', [-1], 'FP64', [1]), /shape must be \[N\] or \[N, k\]/, 'inputs[0].shape'],
      [
        tensor('age', [1], 'FLOAT64', [1]),
        /datatype must be one of BOOL, UINT8.*got "FLOAT64"/,
        'inputs[0].datatype',
      ],
      [tensor('age', [1], 'fp64', [1]), /datatype must be one of/, 'inputs[0].datatype'],
      [tensor('age', [1], 'FP64', 1), /inputs\[0\].data must be an array/, 'inputs[0].data'],
      [tensor('age', [3], 'FP64', [1, 2]), /shape \[3\], 3 values, but data holds 2/, 'inputs[0].data'],
    ]
    for (const [input, message, field] of cases) {
      assert.throws(
        () => decodeV2({ inputs: [input] }),
        failsWith('BAD_REQUEST', message, { field }),
        String(message),
      )
    }
  })

  it("refuses a value not of the datatype's JSON type, naming the row", () => {
    const cases: [string, number[], unknown[], RegExp, number][] = [
      ['FP32', [2], [1, '2'], /'x' is FP32, so each value must be a number .*row 1 holds "2"/, 1],
      ['INT8', [2], [1, 300], /INT8, so each value must be an integer from -128 to 127/, 1],
      ['UINT8', [1], [-1], /an integer from 0 to 255/, 0],
      ['INT64', [1], [1.5], /INT64, so each value must be an integer/, 0],
      ['BOOL', [1], [1], /BOOL, so each value must be true or false/, 0],
      ['BYTES', [2, 2], ['a', 'b', 'c', 4], /BYTES, so each value must be a string.*row 1 holds 4/, 1],
    ]
    for (const [datatype, shape, data, message, row] of cases) {
      assert.throws(
        () => decodeV2({ inputs: [tensor('x', shape, datatype, data)] }),
        failsWith('BAD_REQUEST', message, { field: 'inputs[0].data', row }),
        datatype,
      )
    }
  })

  it('refuses inputs of different row counts and an input given twice', () => {
    assert.throws(
      () => decodeV2({ inputs: [tensor('a', [2], 'FP64', [1, 2]), tensor('b', [3], 'FP64', [1, 2, 3])] }),
      failsWith('BAD_REQUEST', /input 'b' has 3 rows but inputs\[0\] has 2/, { field: 'inputs[1].shape' }),
    )
    assert.throws(
      () => decodeV2({ inputs: [tensor('a', [1], 'FP64', [1]), tensor('a', [1], 'FP64', [2])] }),
      failsWith('BAD_REQUEST', /input 'a' is given twice/, { field: 'inputs[1].name' }),
    )
  })

  it('refuses outputs that are not a list of names', () => {
    const inputs = [tensor('a', [1], 'FP64', [1])]
    assert.throws(
      () => decodeV2({ inputs, outputs: 'label' }),
      failsWith('BAD_REQUEST', /outputs must be an array/),
    )
    assert.throws(
      () => decodeV2({ inputs, outputs: [{ name: 'label' }, 'x'] }),
      failsWith('BAD_REQUEST', /outputs\[1\] must be an object with a string name/, { field: 'outputs[1]' }),
    )
  })
})
