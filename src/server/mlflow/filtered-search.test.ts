import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { type FilteredSearchOptions, type PageReader, searchFiltered } from './filtered-search.js'

/** A store of the numbers 0 to count-1, paged by offset tokens; records the page sizes asked for. */
function numbers(count: number): { read: PageReader<number>; sizes: number[] } {
  const all = Array.from({ length: count }, (_, i) => i)
  const sizes: number[] = []
  const read: PageReader<number> = async ({ maxResults, pageToken }) => {
    sizes.push(maxResults)
    const from = pageToken === undefined ? 0 : Number(pageToken)
    const to = from + maxResults
    return to < count ? { items: all.slice(from, to), nextPageToken: String(to) } : { items: all.slice(from) }
  }
  return { read, sizes }
}

async function everyPage(read: PageReader<number>, options: FilteredSearchOptions): Promise<number[][]> {
  const pages: number[][] = []
  let pageToken: string | undefined
  do {
    const page = await searchFiltered(read, (n) => n % 3 === 0, { ...options, pageToken })
    pages.push([...page.items])
    pageToken = page.nextPageToken
  } while (pageToken !== undefined)
  return pages
}

describe('searchFiltered', () => {
  it('pages the matches across store pages, in chunks of at least 100 up to the largest page', async () => {
    const small = numbers(700)
    const pages = await everyPage(small.read, { maxResults: 40, largestPage: 150 })
    assert.deepEqual(
      pages.flat(),
      Array.from({ length: 234 }, (_, i) => i * 3),
    )
    assert.deepEqual(
      pages.map((page) => page.length),
      [40, 40, 40, 40, 40, 34],
    )
    assert.ok(small.sizes.every((size) => size === 100))
    const large = numbers(700)
    assert.equal((await everyPage(large.read, { maxResults: 500, largestPage: 150 })).flat().length, 234)
    assert.ok(large.sizes.every((size) => size === 150))
  })

  it('gives no token when the last match ends the listing', async () => {
    const { read } = numbers(9)
    assert.deepEqual(await everyPage(read, { maxResults: 3, largestPage: 1000 }), [[0, 3, 6]])
  })

  it('refuses a token it did not give', async () => {
    const { read } = numbers(10)
    for (const pageToken of ['garbage', `f.${Buffer.from('{"o":0,"n":5000}').toString('base64url')}`]) {
      await assert.rejects(
        searchFiltered(read, () => true, { maxResults: 5, largestPage: 1000, pageToken }),
        (error: unknown) => error instanceof ShipyardError && error.code === 'SHIPYARD_PAGE_TOKEN_INVALID',
      )
    }
  })
})
