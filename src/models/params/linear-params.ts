import type { LinearParams } from '../linear/linear-model.js'
import type { ParamTable } from './param-table.js'

/** The linear-model parameters users set; the objective follows from the task. */
export const LINEAR_PARAMS: ParamTable<LinearParams> = {
  l2: { field: 'l2', kind: 'number', min: 0, doc: 'L2 penalty strength' },
  l1: { field: 'l1', kind: 'number', min: 0, doc: 'L1 penalty strength (> 0: OWL-QN; with l2: elastic net)' },
  solver: {
    field: 'solver',
    kind: 'choice',
    choices: ['auto', 'closed_form', 'lbfgs'],
    doc: 'auto: closed form for ridge regression, L-BFGS / OWL-QN otherwise',
  },
  max_iterations: { field: 'maxIterations', kind: 'int', min: 1, max: 100_000, doc: 'optimiser iterations' },
  tolerance: {
    field: 'tolerance',
    kind: 'number',
    above: 0,
    max: 1,
    doc: 'relative objective decrease to stop at',
  },
  fit_intercept: { field: 'fitIntercept', kind: 'boolean', doc: 'learn an intercept per output' },
}
