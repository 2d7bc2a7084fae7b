/**
 * The typed HTTP client of a Shipyard server: the same `TrackingStore` and `RunArtifacts` ports the
 * embedded backend implements, so the SDK and CLI work against a remote server with the same calls.
 */
export { ApiClient, type ApiClientOptions } from './api-client.js'
export { HttpRunArtifacts } from './http-run-artifacts.js'
export { HttpTrackingStore } from './http-tracking-store.js'
