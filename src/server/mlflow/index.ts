/** The MLflow-compatible REST API: one Fastify plugin, mounted by the server under `/api/2.0/mlflow`. */

export { type MlflowRouteDeps, mlflowRoutes } from './mlflow-routes.js'
export { LOG_BATCH_BODY_LIMIT } from './run-logging-routes.js'
