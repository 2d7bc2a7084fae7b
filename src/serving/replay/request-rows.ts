import type { ModelSignature, SignatureInput } from '../../models/index.js'
import type { LoggedValue } from '../../monitoring/index.js'

/**
 * A logged request's rows as a request body would hold them, for the serving decoders: each row's
 * inputs as logged, except that a matrix input sent whole, which the log keeps as `<name>.0`,
 * `<name>.1`... (see the serving context's `servedRecords`), is put back as one array under `<name>`,
 * a cell the log lacks (it was null) as null. Keys of other names pass through untouched, so a column
 * the version does not take is refused (or ignored) by `buildFeeds` exactly as serving would.
 *
 * The log keeps no nulls, so a column sent as null comes back absent. `sentColumns` names the columns
 * the request is known to have sent (those of the version that answered it): each one a row lacks is
 * put back as null, so that the version sees an empty value, as serving did, rather than a missing
 * column. A column outside `sentColumns` that was null in every row still comes back absent.
 */
export function requestRows(
  inputs: readonly Readonly<Record<string, LoggedValue>>[],
  signature: ModelSignature,
  sentColumns: readonly string[] = [],
): Record<string, unknown>[] {
  const matrices = signature.inputs.filter(isMatrix)
  return inputs.map((row) => {
    const out: Record<string, unknown> = { ...row }
    for (const input of matrices) regroup(out, input)
    for (const name of sentColumns) if (!Object.hasOwn(out, name)) out[name] = null
    return out
  })
}

function isMatrix(input: SignatureInput): boolean {
  return input.columns !== undefined || (input.shape[1] ?? 1) !== 1
}

/** Moves `<name>.<j>` keys of `row` into one array `<name>`, unless the row has `<name>` itself. */
function regroup(row: Record<string, unknown>, input: SignatureInput): void {
  if (Object.hasOwn(row, input.name)) return
  const prefix = `${input.name}.`
  const cells = new Map<number, unknown>()
  for (const key of Object.keys(row)) {
    const rest = key.startsWith(prefix) ? key.slice(prefix.length) : ''
    if (!/^\d+$/.test(rest)) continue
    cells.set(Number(rest), row[key])
    delete row[key]
  }
  if (cells.size === 0) return
  const declared = input.columns?.length ?? input.shape[1] ?? 0
  const width = Math.max(declared, Math.max(...cells.keys()) + 1)
  row[input.name] = Array.from({ length: width }, (_, j) => cells.get(j) ?? null)
}
