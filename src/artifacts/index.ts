export {
  artifactBaseName,
  invalidArtifactPath,
  joinArtifactPath,
  normalizeArtifactPath,
} from './artifact-path.js'
export type { ArtifactInfo, ArtifactStore } from './artifact-store.js'
export { artifactStoreFor, SUPPORTED_ARTIFACT_SCHEMES } from './open-artifact-store.js'
