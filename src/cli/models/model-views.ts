import type { AliasEvent, ModelVersion, RegisteredModel } from '../../registry/index.js'
import { formatBytes, formatNumber, formatTime } from '../output/format.js'
import { entriesByKey, renderSection } from '../output/sections.js'
import { renderFields, renderTable } from '../output/table.js'

/** The `models list` table: name, latest version, aliases, last update, description. */
export function renderModelTable(models: readonly RegisteredModel[]): string {
  return renderTable(
    [
      { header: 'NAME' },
      { header: 'LATEST', align: 'right' },
      { header: 'ALIASES' },
      { header: 'UPDATED' },
      { header: 'DESCRIPTION' },
    ],
    models.map((m) => [
      m.name,
      m.latestVersion === null ? '-' : String(m.latestVersion),
      aliasList(m.aliases),
      formatTime(m.lastUpdatedTime),
      firstLine(m.description),
    ]),
  )
}

/** The `models show NAME` page: the model, its aliases, its versions (newest first), its alias history. */
export function renderModelDetails(
  model: RegisteredModel,
  versions: readonly ModelVersion[],
  history: readonly AliasEvent[],
): string {
  return [
    renderFields([
      ['name', model.name],
      ['description', model.description || '-'],
      ['latest version', model.latestVersion === null ? '-' : String(model.latestVersion)],
      ['created', formatTime(model.creationTime)],
      ['updated', formatTime(model.lastUpdatedTime)],
      ['tags', tagList(model.tags)],
    ]),
    renderSection(
      'aliases',
      [{ header: 'ALIAS' }, { header: 'VERSION', align: 'right' }],
      Object.entries(model.aliases)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([alias, version]) => [alias, String(version)]),
    ),
    renderSection(
      'versions',
      [
        { header: 'VERSION', align: 'right' },
        { header: 'CREATED' },
        { header: 'ALIASES' },
        { header: 'SIZE', align: 'right' },
        { header: 'SHA256' },
        { header: 'SOURCE' },
      ],
      versions.map((v) => [
        String(v.version),
        formatTime(v.creationTime),
        v.aliases.join(', ') || '-',
        formatBytes(v.sizeBytes),
        v.sha256.slice(0, 12),
        v.lineage.source,
      ]),
    ),
    renderAliasHistory(history),
  ].join('\n')
}

/** The `models show NAME --version V` page: the version, its signature, metrics, lineage and tags. */
export function renderVersionDetails(version: ModelVersion, history: readonly AliasEvent[]): string {
  const { lineage, signature } = version
  return [
    renderFields([
      ['model', version.name],
      ['version', String(version.version)],
      ['aliases', version.aliases.join(', ') || '-'],
      ['description', version.description || '-'],
      ['created', formatTime(version.creationTime)],
      ['task', `${signature.task}, target '${signature.target}'`],
      ['sha256', version.sha256],
      ['size', formatBytes(version.sizeBytes)],
      ['artifact uri', version.artifactUri],
      ['source', lineage.source],
      ['run', lineage.runId ?? '-'],
      ['git commit', lineage.gitCommit ?? '-'],
      ['training profile', lineage.trainingProfile ?? '-'],
      ['tags', tagList(version.tags)],
    ]),
    renderSection(
      'inputs',
      [{ header: 'NAME' }, { header: 'TYPE' }, { header: 'SHAPE' }, { header: 'COLUMNS' }],
      signature.inputs.map((i) => [
        i.name,
        i.type,
        `[${i.shape.join(', ')}]`,
        i.columns?.join(', ') ?? i.columnType,
      ]),
    ),
    renderSection(
      'metrics',
      [{ header: 'KEY' }, { header: 'VALUE', align: 'right' }],
      entriesByKey(version.metrics).map(([key, value]) => [key, formatNumber(value)]),
    ),
    renderSection(
      'datasets',
      [{ header: 'ROLE' }, { header: 'FINGERPRINT' }],
      entriesByKey(lineage.datasetFingerprints),
    ),
    renderAliasHistory(history),
  ].join('\n')
}

/** One line for an alias change: `churn@production: version 2 -> 3`. */
export function describeAliasEvent(event: AliasEvent): string {
  const from = event.fromVersion === null ? 'no version' : `version ${event.fromVersion}`
  const to = event.toVersion === null ? 'removed' : `version ${event.toVersion}`
  return `${event.name}@${event.alias}: ${from} -> ${to}`
}

function renderAliasHistory(history: readonly AliasEvent[]): string {
  const version = (v: number | null) => (v === null ? '-' : String(v))
  return renderSection(
    'alias history',
    [
      { header: 'TIME' },
      { header: 'ALIAS' },
      { header: 'FROM', align: 'right' },
      { header: 'TO', align: 'right' },
      { header: 'USER' },
      { header: 'REASON' },
    ],
    history.map((e) => [
      formatTime(e.time),
      e.alias,
      version(e.fromVersion),
      version(e.toVersion),
      e.user || '-',
      e.reason || '-',
    ]),
  )
}

function aliasList(aliases: Readonly<Record<string, number>>): string {
  const entries = entriesByKey(aliases)
  return entries.length === 0 ? '-' : entries.map(([alias, v]) => `${alias}=${v}`).join(', ')
}

function tagList(tags: Readonly<Record<string, string>>): string {
  const entries = entriesByKey(tags)
  return entries.length === 0 ? '-' : entries.map(([key, value]) => `${key}=${value}`).join(', ')
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? ''
}
