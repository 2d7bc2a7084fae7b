import { hash } from 'node:crypto'
import type { OnnxFeed } from '../../onnx/index.js'
import type { ModelVersion } from '../../registry/index.js'
import { rowWidth } from '../tensor-rows.js'

// Bump when the cached value's layout (row-codec.ts) or the row text below changes, so that servers
// of two Shipyard releases sharing a Redis never read each other's entries.
const KEY_LAYOUT = 'v1'

/**
 * The prediction cache's key of each row of `feeds` (the request's rows as `buildFeeds` made them for
 * `version`): `shipyard:prediction:v1:<name>:<version>:<digest>`, the digest being the sha256 of the
 * version's own sha256 and the row's canonical text. Name and version make the keys readable (and
 * deletable by pattern); the version's sha256 inside the digest means a version re-created with other
 * bytes never meets an answer of the old ones.
 *
 * The row's text is the values the model is fed, input by input in the signature's order, so it does
 * not depend on how the request was written: column order, `1` / `1.0` / `1e0` (all the same number
 * once parsed), a matrix input sent whole or column by column, an ISO date or its epoch ms, `null` or a
 * missing key (NaN for a number, `''` for a string, as the model sees them). Two rows with one key are
 * the same input to the same model bytes, so the cached answer is exact, never an approximation.
 *
 * sha256 rather than a faster non-cryptographic 128-bit hash: requests come from clients, and a hash
 * one can collide on purpose would let one client plant the answer another one gets. Node's one-shot
 * `crypto.hash` runs at about 0.3 µs per row here, far below a model run.
 */
export function rowKeys(version: ModelVersion, feeds: Readonly<Record<string, OnnxFeed>>): string[] {
  const inputs = version.signature.inputs.map((input) => feeds[input.name]!)
  const rows = inputs[0]?.dims[0] ?? 0
  const prefix = `shipyard:prediction:${KEY_LAYOUT}:${encodeURIComponent(version.name)}:${version.version}:`
  const seed = `${version.sha256}\n`
  const keys = new Array<string>(rows)
  for (let row = 0; row < rows; row++) {
    keys[row] = prefix + hash('sha256', seed + rowText(inputs, row), 'base64url')
  }
  return keys
}

/**
 * One row's values, comma-separated. Unambiguous because every position has one type for a given
 * version: strings are JSON strings (quotes and commas inside them escaped or quoted), numbers their
 * shortest round-trip form, which `String` already makes canonical (`-0` prints `0`, every NaN `NaN`).
 */
function rowText(inputs: readonly OnnxFeed[], row: number): string {
  let text = ''
  for (const feed of inputs) {
    const width = rowWidth(feed)
    for (let j = row * width; j < (row + 1) * width; j++) {
      const value = feed.data[j]!
      text += typeof value === 'string' ? `${JSON.stringify(value)},` : `${value},`
    }
  }
  return text
}
