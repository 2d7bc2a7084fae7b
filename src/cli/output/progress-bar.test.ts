import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { OutputStream } from '../cli-io.js'
import { ProgressBar } from './progress-bar.js'

function stream(isTTY: boolean): OutputStream & { text: () => string } {
  let text = ''
  const write = (t: string) => {
    text += t
  }
  return { write, isTTY, columns: 60, text: () => text }
}

describe('ProgressBar', () => {
  it('writes nothing at all when the stream is not a terminal', () => {
    const out = stream(false)
    const bar = new ProgressBar(out, 'training', 10)
    for (let i = 0; i < 10; i++) bar.tick()
    bar.done()
    assert.equal(out.text(), '')
  })

  it('redraws in place on a terminal, only when the percentage changes, and clears its line', () => {
    const out = stream(true)
    const bar = new ProgressBar(out, 'training', 400)
    for (let i = 0; i < 400; i++) bar.tick()
    const frames = out.text().split('\r').filter(Boolean)
    assert.equal(frames.length, 101, 'one frame per percent, 0 to 100')
    assert.match(frames[0]!, /^training \[-+\] 0%$/)
    assert.match(frames.at(-1)!, /^training \[#+\] 100%$/)
    bar.done()
    assert.ok(out.text().endsWith('\r\u001b[2K'))
  })

  it('never goes past 100%', () => {
    const out = stream(true)
    const bar = new ProgressBar(out, 'x', 2)
    bar.tick(5)
    assert.match(out.text(), /100%$/)
  })
})
