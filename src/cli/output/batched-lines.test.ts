import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { BatchedLines } from './batched-lines.js'

function sink() {
  const writes: string[] = []
  return { writes, out: { write: (text: string) => void writes.push(text), isTTY: false } }
}

describe('BatchedLines', () => {
  it('writes the lines of one turn of the event loop together, in order', async () => {
    const { writes, out } = sink()
    const lines = new BatchedLines(out)
    lines.write('a\n')
    lines.write('b\n')
    assert.deepEqual(writes, [])
    await nextTurn()
    lines.write('c\n')
    await nextTurn()
    assert.deepEqual(writes, ['a\nb\n', 'c\n'])
  })

  it('writes at once past 64 KiB, and everything held on flush', () => {
    const { writes, out } = sink()
    const lines = new BatchedLines(out)
    const big = `${'x'.repeat(70 * 1024)}\n`
    lines.write('a\n')
    lines.write(big)
    assert.deepEqual(writes, [`a\n${big}`])
    lines.write('tail\n')
    lines.flush()
    lines.flush()
    assert.deepEqual(writes, [`a\n${big}`, 'tail\n'])
  })
})
