export {
  artifactBaseName,
  invalidArtifactPath,
  joinArtifactPath,
  normalizeArtifactPath,
} from './artifact-path.js'
export type { ArtifactInfo, ArtifactStore } from './artifact-store.js'
export { isMissing, type LocalTree, listLocalTree, localStats } from './local-tree.js'
export { artifactStoreFor, SUPPORTED_ARTIFACT_SCHEMES } from './open-artifact-store.js'
export { type WrittenFile, writeFileAtomically } from './stores/atomic-file.js'
