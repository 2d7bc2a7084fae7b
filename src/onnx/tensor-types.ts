/** ONNX element types Shipyard emits and reads, by their names in the ONNX spec. */
export const ELEMENT_TYPES = {
  float: 1,
  uint8: 2,
  int32: 6,
  int64: 7,
  string: 8,
  bool: 9,
  double: 11,
} as const

export type ElementType = keyof typeof ELEMENT_TYPES

/** A dimension: a fixed size, or a symbolic name such as `'N'` for the batch. */
export type Dimension = number | string

/** Tensor data as it is stored in an initializer or an attribute. */
export type TensorData =
  | { readonly type: 'float'; readonly values: Float32Array | readonly number[] }
  | { readonly type: 'double'; readonly values: Float64Array | readonly number[] }
  | { readonly type: 'int64'; readonly values: BigInt64Array | readonly (number | bigint)[] }
  | { readonly type: 'int32'; readonly values: Int32Array | readonly number[] }
  | { readonly type: 'uint8'; readonly values: Uint8Array | readonly number[] }
  | { readonly type: 'bool'; readonly values: readonly boolean[] }
  | { readonly type: 'string'; readonly values: readonly string[] }

/** A constant tensor: data and shape (`[]` for a scalar). */
export type TensorValue = TensorData & { readonly dims: readonly number[] }
