import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkScoringContentType } from './scoring-content-type.js'
import { failsWith } from './testing/signatures.js'

describe('checkScoringContentType', () => {
  it('takes JSON and CSV, with a UTF-8 charset or none, in any case', () => {
    assert.equal(checkScoringContentType('application/json'), 'json')
    assert.equal(checkScoringContentType('application/json; charset=utf-8'), 'json')
    assert.equal(checkScoringContentType('Application/JSON;Charset="UTF-8";'), 'json')
    assert.equal(checkScoringContentType('text/csv'), 'csv')
    assert.equal(checkScoringContentType('text/csv; charset=UTF-8'), 'csv')
  })

  it('refuses other media types and none with 415, naming the accepted ones', () => {
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonl',
      '',
      undefined,
    ]) {
      assert.throws(
        () => checkScoringContentType(type),
        failsWith(
          'SHIPYARD_UNSUPPORTED_MEDIA_TYPE',
          /this endpoint takes application\/json and text\/csv; got/,
          {
            accepted: ['application/json', 'text/csv'],
          },
        ),
        String(type),
      )
    }
  })

  it('refuses charsets other than UTF-8 and any other parameter, as MLflow 2 does', () => {
    assert.throws(
      () => checkScoringContentType('text/csv; charset=latin-1'),
      failsWith('SHIPYARD_UNSUPPORTED_MEDIA_TYPE', /must be UTF-8; got charset 'latin-1'/),
    )
    assert.throws(
      () => checkScoringContentType('application/json; format=pandas-split'),
      failsWith(
        'SHIPYARD_UNSUPPORTED_MEDIA_TYPE',
        /unrecognized Content-Type parameter 'format'.*dataframe_split/,
      ),
    )
  })
})
