export { type AttributeValue, attr, DEFAULT_OPSETS, OnnxGraphBuilder, type Opsets } from './graph-builder.js'
export { type OnnxFeed, type OnnxResult, OnnxSession, type OnnxValueInfo } from './onnx-session.js'
export type { Dimension, ElementType, TensorData, TensorValue } from './tensor-types.js'
