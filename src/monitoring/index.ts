/**
 * Monitoring of served models: the prediction log, drift of live inputs and predictions against the
 * training data's reference profile, and live quality once ground truth arrives.
 */
export * from './alerts/index.js'
export * from './drift/index.js'
export * from './feedback/index.js'
export * from './monitor/index.js'
export * from './prediction-log/index.js'
export * from './quality/index.js'
