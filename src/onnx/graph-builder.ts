import onnxProto from 'onnx-proto'
import { ShipyardError } from '../shared/index.js'
import { type Dimension, ELEMENT_TYPES, type ElementType, type TensorValue } from './tensor-types.js'

const { onnx } = onnxProto

/** A node attribute, typed explicitly: ONNX tells `1` (int) from `1.0` (float), JavaScript does not. */
export type AttributeValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly kind: 'strings'; readonly value: readonly string[] }
  | { readonly kind: 'tensor'; readonly value: TensorValue }

/** Constructors for attribute values: `attr.ints([1, 2])`. */
export const attr = {
  int: (value: number): AttributeValue => ({ kind: 'int', value }),
  float: (value: number): AttributeValue => ({ kind: 'float', value }),
  string: (value: string): AttributeValue => ({ kind: 'string', value }),
  ints: (value: readonly number[]): AttributeValue => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): AttributeValue => ({ kind: 'floats', value }),
  strings: (value: readonly string[]): AttributeValue => ({ kind: 'strings', value }),
  tensor: (value: TensorValue): AttributeValue => ({ kind: 'tensor', value }),
}

/** The operator sets a model imports. Defaults: ai.onnx 17, ai.onnx.ml 3. */
export type Opsets = Readonly<Record<string, number>>
export const DEFAULT_OPSETS: Opsets = { '': 17, 'ai.onnx.ml': 3 }

interface NodeOptions {
  /** Operator domain: `''` (ai.onnx, default), `'ai.onnx.ml'`, `'com.microsoft'`. */
  readonly domain?: string
  /** How many outputs the node has (default 1). */
  readonly outputs?: number
  /** A readable stem for the output names. */
  readonly name?: string
}

/**
 * Builds an ONNX graph node by node on the maintained `onnx-proto` schema, then serialises the model.
 * Names are made unique by the builder, so steps never collide: every method returns the tensor names
 * to wire into the next node. Not thread-safe; one builder per model.
 *
 * @example
 * const g = new OnnxGraphBuilder('features')
 * const age = g.addInput('age', 'double', ['N', 1])
 * const [scaled] = g.addNode('Div', [age, g.addConstant('scale', { type: 'double', dims: [], values: [10] })])
 * g.addOutput('features', scaled!, 'double', ['N', 1])
 * const bytes = g.toModel()
 */
export class OnnxGraphBuilder {
  readonly #name: string
  readonly #nodes: onnxProto.onnx.INodeProto[] = []
  readonly #inputs: onnxProto.onnx.IValueInfoProto[] = []
  readonly #outputs: onnxProto.onnx.IValueInfoProto[] = []
  readonly #initializers: onnxProto.onnx.ITensorProto[] = []
  readonly #used = new Set<string>()

  constructor(name: string) {
    this.#name = name
  }

  /** A name not used yet in this graph, derived from `hint`. */
  uniqueName(hint: string): string {
    const stem = hint.replace(/[^A-Za-z0-9_.:-]/g, '_') || 't'
    let name = stem
    for (let i = 1; this.#used.has(name); i++) name = `${stem}_${i}`
    this.#used.add(name)
    return name
  }

  /** Declares a graph input under exactly `name` (inputs are the model's public interface). */
  addInput(name: string, type: ElementType, shape: readonly Dimension[]): string {
    if (this.#used.has(name)) {
      throw new ShipyardError('INVALID_PARAMETER_VALUE', `the graph already has a tensor named '${name}'`, {
        details: { input: name },
      })
    }
    this.#used.add(name)
    this.#inputs.push(valueInfo(name, type, shape))
    return name
  }

  /** Adds a constant tensor (an initializer) and returns its name. */
  addConstant(hint: string, tensor: TensorValue): string {
    const name = this.uniqueName(hint)
    this.#initializers.push(tensorProto(name, tensor))
    return name
  }

  /** Adds a node and returns its output names. */
  addNode(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
    options: NodeOptions = {},
  ): string[] {
    const stem = options.name ?? opType.toLowerCase()
    const outputs = Array.from({ length: options.outputs ?? 1 }, () => this.uniqueName(stem))
    this.#nodes.push({
      opType,
      domain: options.domain ?? '',
      name: this.uniqueName(`${stem}_node`),
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attributeProto(key, value)),
    })
    return outputs
  }

  /** Declares `tensor` as a graph output named `name` (through an Identity when the names differ). */
  addOutput(name: string, tensor: string, type: ElementType, shape: readonly Dimension[]): void {
    let source = tensor
    if (name !== tensor) {
      if (this.#used.has(name))
        throw new ShipyardError('INVALID_PARAMETER_VALUE', `tensor name '${name}' is taken`)
      this.#used.add(name)
      this.#nodes.push({
        opType: 'Identity',
        domain: '',
        name: this.uniqueName(`${name}_node`),
        input: [tensor],
        output: [name],
      })
      source = name
    }
    this.#outputs.push(valueInfo(source, type, shape))
  }

  /** Serialises the model (IR version 8) with these operator sets and metadata. */
  toModel(
    options: { opsets?: Opsets; metadata?: Readonly<Record<string, string>>; producerVersion?: string } = {},
  ): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'shipyard',
      producerVersion: options.producerVersion ?? '0.1.0',
      opsetImport: Object.entries(options.opsets ?? DEFAULT_OPSETS).map(([domain, version]) => ({
        domain,
        version,
      })),
      metadataProps: Object.entries(options.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.#name,
        node: this.#nodes,
        input: this.#inputs,
        output: this.#outputs,
        initializer: this.#initializers,
      },
    })
    return onnx.ModelProto.encode(model).finish()
  }
}

function valueInfo(
  name: string,
  type: ElementType,
  shape: readonly Dimension[],
): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

function tensorProto(name: string, tensor: TensorValue): onnxProto.onnx.ITensorProto {
  const base = { name, dims: [...tensor.dims], dataType: ELEMENT_TYPES[tensor.type] }
  switch (tensor.type) {
    case 'float':
      return { ...base, floatData: Array.from(tensor.values) }
    case 'double':
      return { ...base, doubleData: Array.from(tensor.values) }
    case 'int64':
      return { ...base, int64Data: Array.from(tensor.values, (v) => Number(v)) }
    case 'int32':
    case 'uint8':
      return { ...base, int32Data: Array.from(tensor.values) }
    case 'bool':
      return { ...base, int32Data: tensor.values.map((v) => (v ? 1 : 0)) }
    case 'string':
      return { ...base, stringData: tensor.values.map((s) => Buffer.from(s, 'utf8')) }
  }
}

function attributeProto(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto
  switch (value.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: value.value }
    case 'float':
      return { name, type: AttributeType.FLOAT, f: value.value }
    case 'string':
      return { name, type: AttributeType.STRING, s: Buffer.from(value.value, 'utf8') }
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...value.value] }
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...value.value] }
    case 'strings':
      return { name, type: AttributeType.STRINGS, strings: value.value.map((s) => Buffer.from(s, 'utf8')) }
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: tensorProto(name, value.value) }
  }
}
