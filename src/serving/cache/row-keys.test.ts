import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelSignature } from '../../models/index.js'
import type { ModelVersion } from '../../registry/index.js'
import { buildFeeds, decodeV1 } from '../protocol/index.js'
import { CHURN_SIGNATURE, LOGREG_SIGNATURE } from '../protocol/testing/signatures.js'
import { rowKeys } from './row-keys.js'

const SHA = 'a'.repeat(64)

function version(signature: ModelSignature, changes: Partial<ModelVersion> = {}): ModelVersion {
  return { name: 'churn', version: 3, sha256: SHA, signature, ...changes } as ModelVersion
}

/** The keys of a V1 request body, written as JSON text, decoded and fed as the server does. */
function keysOf(json: string, model = version(CHURN_SIGNATURE)): string[] {
  const signature = model.signature
  const feeds = buildFeeds(decodeV1(JSON.parse(json), signature), signature, {
    unknownColumns: 'ignore',
    maxRows: 100,
  })
  return rowKeys(model, feeds)
}

const ROW = '{"age": 41, "city": "oslo", "member": true, "signup": 1717243200000, "note": "hi"}'

describe('rowKeys', () => {
  it('does not depend on the order of the columns in the request', () => {
    const reordered = '{"note": "hi", "signup": 1717243200000, "member": true, "city": "oslo", "age": 41}'
    assert.deepEqual(keysOf(`{"instances": [${reordered}]}`), keysOf(`{"instances": [${ROW}]}`))
  })

  it('reads 41, 41.0 and 4.1e1 alike, and -0 as 0', () => {
    const forms = ['41.0', '4.1e1', '41.000']
      .map((age) => ROW.replace('"age": 41', `"age": ${age}`))
      .map((row) => keysOf(`{"instances": [${row}]}`)[0])
    assert.deepEqual(forms, Array(3).fill(keysOf(`{"instances": [${ROW}]}`)[0]))
    const zero = (age: string) => keysOf(`{"instances": [${ROW.replace('"age": 41', `"age": ${age}`)}]}`)
    assert.deepEqual(zero('-0'), zero('0'))
  })

  it('reads null and a missing key alike, for numbers and strings', () => {
    // A column absent from every row is refused; one absent from a row of the batch is missing there.
    const withNulls = '{"age": null, "city": "oslo", "member": true, "signup": 1717243200000, "note": null}'
    const without = '{"city": "oslo", "member": true, "signup": 1717243200000}'
    const [, nulls] = keysOf(`{"instances": [${ROW}, ${withNulls}]}`)
    const [, absent] = keysOf(`{"instances": [${ROW}, ${without}]}`)
    assert.equal(nulls, absent)
    assert.notEqual(nulls, keysOf(`{"instances": [${ROW}]}`)[0])
  })

  it('keys a value as the model sees it: an ISO date-time as its epoch ms', () => {
    const iso = ROW.replace('1717243200000', '"2024-06-01T12:00:00Z"')
    assert.deepEqual(keysOf(`{"instances": [${iso}]}`), keysOf(`{"instances": [${ROW}]}`))
  })

  it('keys a matrix input alike whether sent whole or column by column', () => {
    const iris = version(LOGREG_SIGNATURE, { name: 'iris' })
    const whole = keysOf('{"instances": [{"float_input": [5.1, 3.5, 1.4, 0.2]}]}', iris)
    const columns = keysOf(
      '{"instances": [{"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}]}',
      iris,
    )
    assert.deepEqual(whole, columns)
  })

  it('tells apart rows whose values differ, strings holding commas and quotes included', () => {
    const row = (city: string, note: string) =>
      JSON.stringify({ age: 1, city, member: false, signup: 0, note: note })
    const keys = keysOf(
      `{"instances": [${[row('a,b', 'c'), row('a', 'b,c'), row('a","b', 'c'), row('a', '","b",c')].join(',')}]}`,
    )
    assert.equal(new Set(keys).size, 4)
    const ages = keysOf(`{"instances": [${ROW}, ${ROW.replace('41', '42')}]}`)
    assert.notEqual(ages[0], ages[1])
  })

  it('gives each row of a batch the key it has alone', () => {
    const other = ROW.replace('"oslo"', '"lima"')
    const batch = keysOf(`{"instances": [${ROW}, ${other}, ${ROW}]}`)
    assert.deepEqual(batch, [
      keysOf(`{"instances": [${ROW}]}`)[0],
      keysOf(`{"instances": [${other}]}`)[0],
      keysOf(`{"instances": [${ROW}]}`)[0],
    ])
  })

  it('differs across model names, versions and the bytes of a version', () => {
    const body = `{"instances": [${ROW}]}`
    const keys = [
      keysOf(body),
      keysOf(body, version(CHURN_SIGNATURE, { version: 4 })),
      keysOf(body, version(CHURN_SIGNATURE, { sha256: 'b'.repeat(64) })),
      keysOf(body, version(CHURN_SIGNATURE, { name: 'churn2' })),
    ].map((k) => k[0])
    assert.equal(new Set(keys).size, 4)
  })

  it('names the model and version readably in the key', () => {
    const [key] = keysOf(`{"instances": [${ROW}]}`, version(CHURN_SIGNATURE, { name: 'churn:eu west' }))
    assert.match(key!, /^shipyard:prediction:v1:churn%3Aeu%20west:3:[\w-]{43}$/)
  })
})
