import type { Column } from '../data/index.js'
import {
  type FeatureStep,
  type FittedPipeline,
  type Frame,
  type PipelineInput,
  STEPS,
  type StepSpec,
  type StepSpecBase,
} from '../features/index.js'

/**
 * The raw input columns each feature of a fitted pipeline derives from, in `pipeline.featureNames`
 * order; each list in `pipeline.inputs` order, without repeats. A raw column passed through (or
 * replaced in place, as scaling does) derives from itself; one-hot, hash and datetime-part outputs and
 * missing indicators from their source column; an expression from every column it reads, followed back
 * to the raw columns (an expression over a scaled column and a one-hot output names both sources).
 *
 * Found by replaying the steps' own transforms on an empty frame of the input types, rather than by
 * knowing each step's output names: a column a step adds or replaces derives from what produced it.
 * A step with `columns` transforms each listed column on its own (every step does), so replaying it on
 * the first j listed columns, then j + 1, tells which outputs come from column j; a step without
 * `columns` (expression) derives its outputs from the columns it reads (`get`).
 */
export function featureSources(pipeline: FittedPipeline): readonly (readonly string[])[] {
  const sources = new Map<string, ReadonlySet<string>>()
  let frame: Frame = new Map(pipeline.inputs.map((input) => [input.name, emptyColumn(input)]))
  for (const input of pipeline.inputs) sources.set(input.name, new Set([input.name]))
  for (const fitted of pipeline.steps) {
    const derived = new Map<string, ReadonlySet<string>>()
    frame = replayStep(fitted, frame, (outputs, reads) => {
      const from = new Set([...reads].flatMap((name) => [...(sources.get(name) ?? [])]))
      for (const name of outputs) derived.set(name, from)
    })
    for (const [name, from] of derived) sources.set(name, from)
  }
  const order = new Map(pipeline.inputs.map((input, i) => [input.name, i]))
  return pipeline.featureNames.map((name) =>
    [...(sources.get(name) ?? [])].sort((a, b) => order.get(a)! - order.get(b)!),
  )
}

/**
 * Runs one fitted step on `frame`, reporting each group of outputs it adds or replaces with the columns
 * they derive from; returns the step's output frame.
 */
function replayStep(
  fitted: { readonly spec: StepSpec },
  frame: Frame,
  report: (outputs: readonly string[], reads: ReadonlySet<string>) => void,
): Frame {
  // Each entry is typed for its own spec; the spec's `type` selects it (as the pipeline does).
  const step = STEPS[fitted.spec.type] as unknown as FeatureStep<
    StepSpecBase,
    { readonly spec: StepSpecBase }
  >
  const spec = fitted.spec
  if (!('columns' in spec)) {
    const tracked = new ReadTrackingFrame(frame)
    const out = step.transform(fitted, tracked)
    report(changedNames(frame, out), tracked.reads)
    return out
  }
  let out = frame
  let before = new Set<string>()
  spec.columns.forEach((column, j) => {
    const first: typeof spec = { ...spec, columns: spec.columns.slice(0, j + 1) }
    out = step.transform({ ...fitted, spec: first }, frame)
    const changed = changedNames(frame, out)
    report(
      changed.filter((name) => !before.has(name)),
      new Set([column]),
    )
    before = new Set(changed)
  })
  return out
}

// The columns of `out` that `frame` does not hold as they are (added, or replaced).
function changedNames(frame: Frame, out: Frame): string[] {
  return [...out].filter(([name, column]) => frame.get(name) !== column).map(([name]) => name)
}

function emptyColumn(input: PipelineInput): Column {
  const name = input.name
  switch (input.type) {
    case 'numeric':
      return { name, type: 'numeric', values: new Float64Array(0) }
    case 'datetime':
      return { name, type: 'datetime', values: new Float64Array(0) }
    case 'boolean':
      return { name, type: 'boolean', values: new Int8Array(0) }
    case 'categorical':
      return { name, type: 'categorical', codes: new Int32Array(0), dictionary: [] }
    case 'text':
      return { name, type: 'text', values: [] }
  }
}

// Records the columns a step reads; copying the frame (iteration) is not a read.
class ReadTrackingFrame extends Map<string, Column> {
  readonly reads = new Set<string>()

  override get(name: string): Column | undefined {
    this.reads.add(name)
    return super.get(name)
  }
}
