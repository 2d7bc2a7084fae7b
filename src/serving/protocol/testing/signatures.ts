import { fileURLToPath } from 'node:url'
import type { ModelSignature, SignatureInput } from '../../../models/index.js'
import { ShipyardError } from '../../../shared/index.js'

/** A column input as Shipyard's signatures declare one. */
export function columnInput(name: string, columnType: SignatureInput['columnType']): SignatureInput {
  const type = columnType === 'categorical' || columnType === 'text' ? 'string' : 'double'
  return { name, type, shape: [-1, 1], columnType }
}

/** A Shipyard classifier over one column of each type, target `churned`. */
export const CHURN_SIGNATURE: ModelSignature = {
  format: 'shipyard.signature',
  version: 1,
  task: 'binary',
  target: 'churned',
  inputs: [
    columnInput('age', 'numeric'),
    columnInput('city', 'categorical'),
    columnInput('member', 'boolean'),
    columnInput('signup', 'datetime'),
    columnInput('note', 'text'),
  ],
  outputs: [
    { name: 'label', type: 'int64', shape: [-1] },
    { name: 'probabilities', type: 'float', shape: [-1, 2] },
  ],
  classes: [0, 1],
}

/** `test/fixtures/foreign-onnx/logreg-3class.onnx`, as a signature filled from four iris columns. */
export const LOGREG_SIGNATURE: ModelSignature = {
  format: 'shipyard.signature',
  version: 1,
  task: 'multiclass',
  target: 'species',
  inputs: [
    {
      name: 'float_input',
      type: 'float',
      shape: [-1, 4],
      columnType: 'numeric',
      columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    },
  ],
  outputs: [
    { name: 'label', type: 'int64', shape: [-1] },
    { name: 'probabilities', type: 'float', shape: [-1, 3] },
  ],
}

/** `test/fixtures/foreign-onnx/linreg.onnx`: `X` [N, 3] from x1..x3 → `variable` [N, 1]. */
export const LINREG_SIGNATURE: ModelSignature = {
  format: 'shipyard.signature',
  version: 1,
  task: 'regression',
  target: 'y',
  inputs: [{ name: 'X', type: 'float', shape: [-1, 3], columnType: 'numeric', columns: ['x1', 'x2', 'x3'] }],
  outputs: [{ name: 'variable', type: 'float', shape: [-1, 1] }],
}

/** The path of a foreign fixture model. */
export function foreignFixture(file: 'logreg-3class.onnx' | 'linreg.onnx'): string {
  return fileURLToPath(new URL(`../../../../test/fixtures/foreign-onnx/${file}`, import.meta.url))
}

/** An `assert.throws` matcher: a ShipyardError with `code`, its message matching, its details including `details`. */
export function failsWith(
  code: ShipyardError['code'],
  message: RegExp,
  details: Record<string, unknown> = {},
) {
  return (error: unknown): boolean => {
    if (!(error instanceof ShipyardError)) throw error
    if (error.code !== code) throw new Error(`expected ${code}, got ${error.code}: ${error.message}`)
    if (!message.test(error.message))
      throw new Error(`message ${JSON.stringify(error.message)} does not match ${message}`)
    for (const [key, value] of Object.entries(details)) {
      if (JSON.stringify(error.details[key]) !== JSON.stringify(value)) {
        throw new Error(
          `details.${key} is ${JSON.stringify(error.details[key])}, expected ${JSON.stringify(value)}`,
        )
      }
    }
    return true
  }
}
