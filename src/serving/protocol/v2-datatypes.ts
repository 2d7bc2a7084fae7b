import type { ElementType } from '../../onnx/index.js'

/** The tensor datatypes of the Open Inference Protocol (KServe V2), as JSON carries them. */
export const V2_DATATYPES = {
  BOOL: { expected: 'true or false', accepts: (v: unknown) => typeof v === 'boolean' },
  UINT8: integerIn(0, 2 ** 8 - 1),
  UINT16: integerIn(0, 2 ** 16 - 1),
  UINT32: integerIn(0, 2 ** 32 - 1),
  // JSON numbers hold integers exactly up to 2^53: beyond, a 64-bit value has already lost digits.
  UINT64: integerIn(0, Number.MAX_SAFE_INTEGER),
  INT8: integerIn(-(2 ** 7), 2 ** 7 - 1),
  INT16: integerIn(-(2 ** 15), 2 ** 15 - 1),
  INT32: integerIn(-(2 ** 31), 2 ** 31 - 1),
  INT64: integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  FP16: { expected: 'a number', accepts: (v: unknown) => typeof v === 'number' },
  FP32: { expected: 'a number', accepts: (v: unknown) => typeof v === 'number' },
  FP64: { expected: 'a number', accepts: (v: unknown) => typeof v === 'number' },
  BYTES: { expected: 'a string', accepts: (v: unknown) => typeof v === 'string' },
} as const satisfies Record<string, { expected: string; accepts: (v: unknown) => boolean }>

/** An Open Inference Protocol datatype name. */
export type V2Datatype = keyof typeof V2_DATATYPES

/** The V2 datatype of each ONNX element type Shipyard reads and writes. */
export const V2_DATATYPE_OF: { readonly [T in ElementType]: V2Datatype } = {
  float: 'FP32',
  double: 'FP64',
  int64: 'INT64',
  int32: 'INT32',
  uint8: 'UINT8',
  bool: 'BOOL',
  string: 'BYTES',
}

/** True when `name` is one of the protocol's datatypes (case-sensitive, as the protocol says). */
export function isV2Datatype(name: unknown): name is V2Datatype {
  return typeof name === 'string' && Object.hasOwn(V2_DATATYPES, name)
}

/** The V2 datatype of an element type as onnxruntime names it (`float` → `FP32`); undefined for others. */
export function v2DatatypeOf(elementType: string): V2Datatype | undefined {
  return Object.hasOwn(V2_DATATYPE_OF, elementType) ? V2_DATATYPE_OF[elementType as ElementType] : undefined
}

function integerIn(min: number, max: number) {
  return {
    expected: `an integer from ${min} to ${max}`,
    accepts: (v: unknown) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
  }
}
