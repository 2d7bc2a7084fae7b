import { type ModelSignature, type OutputRoles, outputRoles } from '../../models/index.js'
import type { OnnxResult } from '../../onnx/index.js'
import { ShipyardError } from '../../shared/index.js'

/** A classifier's answer for one row: the label and each class's probability, by class. */
export interface ClassPrediction {
  readonly label: number | string
  readonly probabilities: Readonly<Record<string, number>>
}

/** One row's prediction: a number for a regressor, label and probabilities for a classifier. */
export type Prediction = number | ClassPrediction

/**
 * Which outputs hold a model's predictions, from its signature: Shipyard's `label` / `probabilities` /
 * `prediction`, or for a model made elsewhere the names `outputRoles` recognises (`output_label`,
 * `output_probability`, `variable`...). `SHIPYARD_MODEL_ARTIFACT_CORRUPT` naming the outputs when
 * none is a float tensor; a server calls this when it loads a model, so it never serves one it cannot read.
 */
export function predictionOutputs(signature: ModelSignature): OutputRoles {
  const roles = outputRoles(signature.outputs)
  if (roles === null) {
    throw new ShipyardError(
      'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
      `the model has no float output to read predictions from; its outputs are ${signature.outputs.map((o) => `'${o.name}' (${o.type})`).join(', ')}`,
      { details: { outputs: signature.outputs.map((o) => o.name) } },
    )
  }
  return roles
}

/**
 * One prediction per row from a run's results. Regressors: the value. Classifiers:
 * `{label, probabilities: {<class>: p}}`, keyed by the signature's `classes` (or 0..k-1 when it has
 * none, as models made elsewhere may not), the label read from the label output or, without one, the
 * most probable class.
 */
export function predictionRows(
  results: Readonly<Record<string, OnnxResult>>,
  signature: ModelSignature,
): Prediction[] {
  const roles = predictionOutputs(signature)
  if (roles.kind === 'regressor') return regressionRows(resultOf(results, roles.value))
  const probabilities = resultOf(results, roles.probabilities)
  const label = roles.label === undefined ? undefined : resultOf(results, roles.label)
  return classRows(probabilities, label, signature.classes)
}

function regressionRows(result: OnnxResult): number[] {
  const rows = result.dims[0] ?? 0
  if (result.data.length !== rows) {
    throw new ShipyardError(
      'INTERNAL_ERROR',
      `the model's prediction has shape [${result.dims.join(', ')}]: not one value per row`,
    )
  }
  return Array.from(result.data as ArrayLike<number>)
}

function classRows(
  probabilities: OnnxResult,
  label: OnnxResult | undefined,
  classes: ModelSignature['classes'],
): ClassPrediction[] {
  const data = probabilities.data as ArrayLike<number>
  const k = probabilities.dims.at(-1) ?? 0
  const names = classes?.length === k ? classes : Array.from({ length: k }, (_, c) => c)
  const keys = names.map(String)
  const labels = label?.data as ArrayLike<number | bigint | string> | undefined
  return Array.from({ length: probabilities.dims[0] ?? 0 }, (_, row) => {
    const byClass: Record<string, number> = {}
    let best = 0
    for (let c = 0; c < k; c++) {
      byClass[keys[c]!] = data[row * k + c]!
      if (data[row * k + c]! > data[row * k + best]!) best = c
    }
    const value = labels === undefined ? names[best]! : labels[row]!
    return { label: typeof value === 'bigint' ? Number(value) : value, probabilities: byClass }
  })
}

function resultOf(results: Readonly<Record<string, OnnxResult>>, name: string): OnnxResult {
  const result = results[name]
  if (result === undefined) {
    throw new ShipyardError(
      'INTERNAL_ERROR',
      `the run returned no output '${name}' (it returned ${Object.keys(results).join(', ')}); run the model for all its outputs`,
    )
  }
  return result
}
