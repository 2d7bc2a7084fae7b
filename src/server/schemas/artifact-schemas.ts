import { strictObject } from './json-schema.js'

/** A file or folder under a run's artifact root, as `ArtifactInfo` in src/tracking/types.ts. */
export const artifactInfoSchema = strictObject(
  {
    path: { type: 'string', description: "Relative to the run's artifact root, '/'-separated." },
    isDir: { type: 'boolean' },
    fileSize: { type: 'integer', description: 'Bytes; absent for folders.' },
    sha256: { type: 'string', description: 'Hex sha256 of the content; absent for folders.' },
  },
  { optional: ['fileSize', 'sha256'], description: 'A file or folder of a run.' },
)

/** A list of artifacts: a folder's children, or a run's recorded files. */
export const artifactListSchema = strictObject({ files: { type: 'array', items: artifactInfoSchema } })

/** `?path=` of a listing: the folder, default the root. */
export const artifactFolderQuerySchema = strictObject(
  { path: { type: 'string', description: "A folder under the run's artifact root; default the root." } },
  { optional: ['path'] },
)

/**
 * `?path=` of one file. In the query rather than the URL path because URL parsers resolve `.` and
 * `..` segments before sending: `a/../b` must reach the store, which refuses it.
 */
export const artifactFileQuerySchema = strictObject({
  path: { type: 'string', description: "A file under the run's artifact root, '/'-separated." },
})
