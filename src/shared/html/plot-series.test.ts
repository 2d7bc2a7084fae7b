import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fixedAxis, plotArea } from './plot-axes.js'
import { linePathSvg, pointsSvg } from './plot-series.js'

const area = plotArea(fixedAxis('x', 0, 1), fixedAxis('y', 0, 1))

describe('linePathSvg', () => {
  it('breaks the line at non-finite values instead of writing them', () => {
    const path = linePathSvg(
      [0, 0.25, 0.5, 0.75, 1],
      [0, 0.5, Number.NaN, 0.5, Number.POSITIVE_INFINITY],
      area,
      's',
      'a <b>',
    )
    assert.equal(path, '<path class="s" d="M62 274L182 144M422 144"><title>a &lt;b&gt;</title></path>')
    assert.equal(linePathSvg([Number.NaN], [1], area, 's'), '')
  })

  it('merges points closer than half a unit, keeping the last', () => {
    const n = 100_000
    const xs = Float64Array.from({ length: n }, (_, i) => i / (n - 1))
    const path = linePathSvg(xs, xs, area, 's')
    const points = path.match(/[ML]/g)?.length ?? 0
    assert.ok(points > 100 && points < 1000, `${points} points`)
    assert.match(path, /L542 14"/)
  })
})

describe('pointsSvg', () => {
  it('draws one circle per finite pair', () => {
    const svg = pointsSvg([0, Number.NaN, 1], [0, 1, 1], area, 'p')
    assert.equal(svg.match(/<circle /g)?.length, 2)
  })
})
