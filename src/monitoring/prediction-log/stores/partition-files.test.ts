import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  type DataFile,
  dataFileName,
  mergeDataFiles,
  planMerge,
  visibleFiles,
  writeDataFile,
} from './partition-files.js'

const file = (level: number, i: number): DataFile => ({
  name: `L${level}-${i}-1-ab.parquet`,
  path: `/x/L${level}-${i}`,
  level,
})

describe('planMerge', () => {
  it('merges the lowest level that has fanIn files, or everything once the folder is closed', () => {
    const files = [file(0, 1), file(0, 2), file(1, 3), file(1, 4), file(1, 5)]
    assert.deepEqual(planMerge(files, false, 3), [file(1, 3), file(1, 4), file(1, 5)])
    assert.deepEqual(planMerge([...files, file(0, 6)], false, 3), [file(0, 1), file(0, 2), file(0, 6)])
    assert.equal(planMerge(files.slice(0, 2), false, 3), null)
    assert.deepEqual(planMerge(files.slice(0, 2), true, 3), files.slice(0, 2))
    assert.equal(planMerge([file(2, 1)], true, 3), null)
  })
})

describe('partition files', () => {
  it('names files by level, uniquely', () => {
    assert.match(dataFileName(2), /^L2-\d+-\d+-[0-9a-f]{16}\.parquet$/)
    assert.notEqual(dataFileName(0), dataFileName(0))
  })

  it('writes atomically, merges with a manifest, and lists only what readers must read', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'shipyard-partition-'))
    try {
      const write = (text: string) => (path: string) => writeFile(path, text)
      const a = await writeDataFile(join(folder, 'new'), 0, write('a'))
      const b = await writeDataFile(join(folder, 'new'), 0, write('b'))
      await assert.rejects(
        writeDataFile(join(folder, 'new'), 0, () => Promise.reject(new Error('disk full'))),
        /disk full/,
      )
      assert.deepEqual((await readdir(join(folder, 'new'))).sort(), [a.name, b.name].sort())
      const manifests = new Map<string, readonly string[]>()
      let during: string[] = []
      const merged = await mergeDataFiles(join(folder, 'new'), [a, b], (temp) => writeFile(temp, 'ab'), {
        afterCommit: async () => {
          during = (await visibleFiles(join(folder, 'new'), new Map())).map((f) => f.name)
        },
      })
      assert.equal(merged.level, 1)
      assert.deepEqual(during, [merged.name])
      assert.deepEqual(await readdir(join(folder, 'new')), [merged.name])
      assert.deepEqual(
        (await visibleFiles(join(folder, 'new'), manifests)).map((f) => f.name),
        [merged.name],
      )
      assert.deepEqual(await visibleFiles(join(folder, 'absent'), manifests), [])
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })
})
