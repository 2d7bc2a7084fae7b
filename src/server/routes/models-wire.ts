import type { MetricCondition, ModelVersion, RegisteredModel } from '../../registry/index.js'
import { invalidValue } from '../../shared/index.js'
import type { Page } from '../../tracking/index.js'
import { encodeMetricValue, type WireMetricValue } from '../schemas/metric-schemas.js'

/** Metrics ready for JSON: non-finite values spelled out. Untouched when all are finite (the common case). */
function encodeMetrics(
  metrics: Readonly<Record<string, number>>,
): Readonly<Record<string, number | WireMetricValue>> {
  const entries = Object.entries(metrics)
  if (entries.every(([, value]) => Number.isFinite(value))) return metrics
  // fromEntries defines own properties: a metric named `__proto__` stays a metric.
  return Object.fromEntries(entries.map(([key, value]) => [key, encodeMetricValue(value)]))
}

/** A model version ready for JSON. */
export function encodeVersion(version: ModelVersion): ModelVersion | Record<string, unknown> {
  const metrics = encodeMetrics(version.metrics)
  return metrics === version.metrics ? version : { ...version, metrics }
}

/** A page of versions ready for JSON. */
export function encodeVersionPage(page: Page<ModelVersion>): Record<string, unknown> {
  return { ...page, items: page.items.map(encodeVersion) }
}

/** `GET /models/{name}`: the model, its newest versions in short, and where the older ones continue. */
export function modelDetail(model: RegisteredModel, versions: Page<ModelVersion>): Record<string, unknown> {
  const summaries = versions.items.map((version) => ({
    version: version.version,
    creationTime: version.creationTime,
    description: version.description,
    sha256: version.sha256,
    sizeBytes: version.sizeBytes,
    runId: version.lineage.runId,
    metrics: encodeMetrics(version.metrics),
    aliases: version.aliases,
  }))
  return versions.nextPageToken === undefined
    ? { ...model, versions: summaries }
    : { ...model, versions: summaries, versionsNextPageToken: versions.nextPageToken }
}

/** `tag=key=value` query values to a tag record; the key ends at the first `=`. */
export function tagsFromQuery(values: readonly string[] | undefined): Record<string, string> | undefined {
  if (values === undefined || values.length === 0) return undefined
  const tags: Record<string, string> = {}
  for (const text of values) {
    const at = text.indexOf('=')
    if (at <= 0) throw invalidValue('tag', `'${text}' is not key=value (e.g. team=risk)`)
    tags[text.slice(0, at)] = text.slice(at + 1)
  }
  return tags
}

const CONDITION = /^\s*(.+?)\s*(>=|<=|!=|=|>|<)\s*(\S+)\s*$/

/** `metric=valid_roc_auc >= 0.9` query values to conditions. */
export function metricConditionsFromQuery(
  values: readonly string[] | undefined,
): MetricCondition[] | undefined {
  if (values === undefined || values.length === 0) return undefined
  return values.map((text) => {
    const match = CONDITION.exec(text)
    const value = Number(match?.[3])
    if (match === null || match[3] === undefined || !Number.isFinite(value)) {
      throw invalidValue(
        'metric',
        `'${text}' is not 'metric op number' with op one of > >= < <= = != (e.g. 'valid_roc_auc >= 0.9')`,
      )
    }
    return { metric: match[1] ?? '', op: match[2] as MetricCondition['op'], value }
  })
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:\d{2})?)?$/

/** `?at=`: epoch milliseconds, or an ISO 8601 date or date-time (UTC unless it names an offset). */
export function instantFromQuery(text: string): number {
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text)
  const iso = ISO_TIME.exec(text)
  // A date-time without an offset would be read in the server's time zone: UTC is what a client can predict.
  const time =
    iso === null ? Number.NaN : Date.parse(iso[1] !== undefined && iso[2] === undefined ? `${text}Z` : text)
  if (!Number.isFinite(time)) {
    throw invalidValue(
      'at',
      `'${text}' is neither epoch milliseconds nor an ISO 8601 time (2024-06-01T12:00:00Z)`,
    )
  }
  return time
}
