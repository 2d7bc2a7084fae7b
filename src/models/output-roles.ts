/** A model output as role matching needs it: its name and element type (`float`, `int64`, `string`...). */
export interface NamedOutput {
  readonly name: string
  readonly type: string
}

/** Which output a reader takes the predictions from. */
export type OutputRoles =
  | { readonly kind: 'classifier'; readonly probabilities: string; readonly label: string | undefined }
  | { readonly kind: 'regressor'; readonly value: string }

/**
 * Finds the prediction outputs by name, for Shipyard's models and those exported elsewhere
 * (skl2onnx, PyTorch, LightGBM converters) alike. Case-insensitive, first match in the order given:
 * probabilities are the first float output whose name contains `prob` (`probabilities`,
 * `output_probability`), the label the first output whose name contains `label` (`label`,
 * `output_label`); without probabilities, the regression value is the first float output
 * (`prediction`, `variable`, `output`). Null when no output is float: nothing to read.
 */
export function outputRoles(outputs: readonly NamedOutput[]): OutputRoles | null {
  const probabilities = outputs.find((o) => /prob/i.test(o.name) && isFloat(o))
  if (probabilities) {
    const label = outputs.find((o) => /label/i.test(o.name))
    return { kind: 'classifier', probabilities: probabilities.name, label: label?.name }
  }
  const value = outputs.find(isFloat)
  return value ? { kind: 'regressor', value: value.name } : null
}

function isFloat(output: NamedOutput): boolean {
  return output.type === 'float' || output.type === 'double'
}
