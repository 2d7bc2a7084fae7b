// Reading a settings file: what `parse` gets, and errors that name the file (and the line of bad YAML).
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { readConfigFile } from './config-file.js'
import { invalidValue, type ShipyardError } from './errors.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-config-file-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const identity = (content: unknown): unknown => content

describe('readConfigFile', () => {
  it('hands parse the content of a YAML or JSON file, and null for an empty one', () => {
    assert.deepEqual(readConfigFile(file('a.yaml', 'a: [1, 2]\n'), 'the file', identity), { a: [1, 2] })
    assert.deepEqual(readConfigFile(file('a.json', '{"a": {"b": true}}'), 'the file', identity), {
      a: { b: true },
    })
    assert.equal(readConfigFile(file('empty.yaml', ''), 'the file', identity), null)
  })

  it('names a file it cannot read, with what it was meant to be', () => {
    const missing = join(dir, 'missing.yaml')
    assert.throws(
      () => readConfigFile(missing, 'the widget config', identity),
      (error: ShipyardError) => {
        assert.equal(error.code, 'RESOURCE_DOES_NOT_EXIST')
        assert.match(error.message, /missing\.yaml: cannot read the widget config \(ENOENT/)
        assert.deepEqual(error.details, { file: missing })
        return true
      },
    )
  })

  it('names the line and column of bad YAML', () => {
    const broken = file('broken.yaml', 'a:\n  b: [\n')
    assert.throws(
      () => readConfigFile(broken, 'the file', identity),
      (error: ShipyardError) => {
        assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
        assert.match(error.message, /broken\.yaml:3:1: not valid YAML \(/)
        assert.deepEqual(error.details, { file: broken, line: 3, column: 1 })
        return true
      },
    )
  })

  it("puts the file in front of parse's ShipyardError and lets other errors through", () => {
    const path = file('bad.yaml', 'a: 1\n')
    const refused = invalidValue('a', 'must be 2')
    assert.throws(
      () =>
        readConfigFile(path, 'the file', () => {
          throw refused
        }),
      (error: ShipyardError) => {
        assert.equal(error.code, refused.code)
        assert.equal(error.message, `${path}: ${refused.message}`)
        assert.deepEqual(error.details, { ...refused.details, file: path })
        assert.equal(error.cause, refused)
        return true
      },
    )
    const bug = new TypeError('not a ShipyardError')
    assert.throws(
      () =>
        readConfigFile(path, 'the file', () => {
          throw bug
        }),
      (error) => error === bug,
    )
  })
})
