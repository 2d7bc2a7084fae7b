import type { GbdtObjective, GbdtParams } from '../gbdt-model.js'
import { binaryObjective } from './binary-objective.js'
import { huberObjective } from './huber-objective.js'
import { multiclassObjective } from './multiclass-objective.js'
import type { Objective } from './objective.js'
import { regressionL1Objective } from './regression-l1-objective.js'
import { regressionL2Objective } from './regression-l2-objective.js'

/** Every objective's factory; a new `GbdtObjective` does not compile until it is listed here. */
export const OBJECTIVES: Record<GbdtObjective, (params: GbdtParams) => Objective> = {
  binary: () => binaryObjective(),
  multiclass: (params) => multiclassObjective(params.numClasses),
  regression_l2: () => regressionL2Objective(),
  regression_l1: () => regressionL1Objective(),
  huber: (params) => huberObjective(params.huberDelta),
}
