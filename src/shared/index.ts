/** The shared kernel every context may use: errors, configuration, ids, randomness. */
export * from './config.js'
export * from './errors.js'
export * from './ids.js'
export * from './random.js'
