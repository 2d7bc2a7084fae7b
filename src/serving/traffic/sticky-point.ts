import { fmix32 } from '../../shared/index.js'

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193
const TWO_32 = 0x1_0000_0000

/**
 * Where a caller's key falls in [0, 1) for a model: 32-bit FNV-1a over the UTF-16 code units of the
 * model name, a NUL and the key, then MurmurHash3's finaliser (FNV-1a alone leaves similar short keys
 * close together). The same key and model give the same point on every server and every restart, so
 * a caller stays on one canary arm; the model is part of the hash so that one caller is not on the
 * canary of every model at once. Not cryptographic.
 */
export function stickyPoint(key: string, model: string): number {
  let hash = fnv1a(FNV_OFFSET, model)
  hash = Math.imul(hash, FNV_PRIME) // the NUL between the two: 0 XORs to nothing
  return fmix32(fnv1a(hash, key)) / TWO_32
}

function fnv1a(seed: number, text: string): number {
  let hash = seed
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME)
  return hash
}
