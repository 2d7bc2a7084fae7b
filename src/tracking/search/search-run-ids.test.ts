import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Kysely } from 'kysely'
import { ShipyardError } from '../../shared/index.js'
import { type Database, openSqlDatabase, type SqlDatabase } from '../../sql/index.js'
import { describeEachBackend, type TestDatabase } from '../../sql/test-databases.js'
import type { SearchRunsQuery } from '../types.js'
import { searchRunIds } from './search-run-ids.js'

interface RunSpec {
  readonly id: string
  readonly experiment?: string
  readonly name?: string
  readonly user?: string
  readonly status?: string
  readonly start: number
  readonly end?: number
  readonly deleted?: boolean
  readonly params?: Record<string, string>
  readonly tags?: Record<string, string>
  readonly metrics?: Record<string, number>
}

/**
 * Experiment 1 holds the runs most tests look at; r05 is deleted, r06 lives in experiment 2.
 * Default order of experiment 1's active runs: r04, r03, r07 (tied with r03 on start time), r02, r01.
 */
const RUNS: readonly RunSpec[] = [
  {
    id: 'r01',
    name: 'alpha',
    user: 'ann',
    status: 'FINISHED',
    start: 1000,
    end: 2000,
    params: { model: 'gbdt', lr: '0.1', opt: 'b' },
    tags: { team: 'Risk', grp: 'x' },
    metrics: { auc: 0.9, loss: 0.3 },
  },
  {
    id: 'r02',
    name: 'alpha-2',
    user: 'bob',
    status: 'FAILED',
    start: 2000,
    params: { model: 'GBDT', lr: '0.01', opt: 'a' },
    tags: { team: 'risk', grp: 'x' },
    metrics: { auc: 0.7, loss: Number.NaN },
  },
  {
    id: 'r03',
    name: 'beta',
    user: 'ann',
    status: 'RUNNING',
    start: 3000,
    params: { model: 'linear' },
    tags: { team: 'ops', 'a b': 'x', grp: 'y' },
    metrics: { auc: 0.8, 'val loss': 1.5, 'train.loss': 2 },
  },
  {
    id: 'r04',
    name: 'gamma_1',
    user: 'cy',
    status: 'FINISHED',
    start: 4000,
    end: 5000,
    params: { model: 'gbdt', opt: 'c' },
    tags: { grp: 'y' },
    metrics: { auc: Number.POSITIVE_INFINITY, loss: -1 },
  },
  {
    id: 'r05',
    name: 'gamma%1',
    start: 5000,
    deleted: true,
    params: { model: 'gbdt' },
    metrics: { auc: 0.95 },
  },
  {
    id: 'r06',
    experiment: '2',
    name: 'delta',
    start: 6000,
    params: { model: 'gbdt' },
    metrics: { auc: 0.99 },
  },
  { id: 'r07', name: 'e*p[s]?', start: 3000, params: { model: 'rf' }, tags: { grp: 'x' } },
]

/**
 * Experiment 3: 25 runs with many ties (equal metrics, NaN, ±Infinity, missing keys, equal start
 * times), for paging. Values are lower-case ASCII so that every collation orders them as JS does.
 */
const TIED: readonly RunSpec[] = Array.from({ length: 25 }, (_, i) => {
  const score = [undefined, Number.NaN, 0.5, 1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 6]
  return {
    id: `p${String(i).padStart(2, '0')}`,
    experiment: '3',
    start: 100 + (i % 4),
    ...(i % 3 === 0 ? {} : { end: 200 + (i % 2) }),
    ...(i % 5 === 0 ? {} : { params: { p: i % 2 ? 'a' : 'b' } }),
    ...(i % 2 ? { tags: { t: 'x' } } : {}),
    ...(score === undefined ? {} : { metrics: { score } }),
  }
})

const VALUES: Readonly<Record<string, (run: RunSpec) => number | string | undefined>> = {
  'metrics.score': (run) => run.metrics?.score,
  'params.p': (run) => run.params?.p,
  'tags.t': (run) => run.tags?.t,
  start_time: (run) => run.start,
  end_time: (run) => run.end,
  run_id: (run) => run.id,
}

/** The order MLflow defines, computed in JS: missing last, NaN just before, then start time desc, run id. */
function referenceOrder(runs: readonly RunSpec[], orderBy: readonly string[]): string[] {
  const keys = [...orderBy, 'start_time DESC', 'run_id'].map((clause) => {
    const [name, direction] = clause.split(' ')
    return { value: VALUES[name as string]!, sign: direction === 'DESC' ? -1 : 1 }
  })
  const rank = (v: number | string | undefined) => (v === undefined ? 2 : Number.isNaN(v) ? 1 : 0)
  const compare = (a: RunSpec, b: RunSpec): number => {
    for (const key of keys) {
      const [va, vb] = [key.value(a), key.value(b)]
      if (rank(va) !== rank(vb)) return rank(va) - rank(vb)
      if (rank(va) === 0 && va !== vb) return ((va as number) < (vb as number) ? -1 : 1) * key.sign
    }
    return 0
  }
  return [...runs].sort(compare).map((run) => run.id)
}

async function insertRuns(db: Kysely<Database>, runs: readonly RunSpec[]): Promise<void> {
  const experiments = [...new Set(runs.map((r) => r.experiment ?? '1'))]
  const existing = new Set(
    (await db.selectFrom('experiments').select('experiment_id').execute()).map((e) => e.experiment_id),
  )
  const fresh = experiments.filter((id) => !existing.has(id))
  if (fresh.length > 0) {
    await db
      .insertInto('experiments')
      .values(
        fresh.map((id) => ({
          experiment_id: id,
          name: `exp-${id}`,
          artifact_location: `file:///a/${id}`,
          lifecycle_stage: 'active',
          creation_time: 0,
          last_update_time: 0,
        })),
      )
      .execute()
  }
  const entries = (run: RunSpec, field: 'params' | 'tags') =>
    Object.entries(run[field] ?? {}).map(([key, value]) => ({ run_uuid: run.id, key, value }))
  await db
    .insertInto('runs')
    .values(
      runs.map((run) => ({
        run_uuid: run.id,
        experiment_id: run.experiment ?? '1',
        name: run.name ?? run.id,
        user_id: run.user ?? 'someone',
        status: run.status ?? 'FINISHED',
        start_time: run.start,
        end_time: run.end ?? null,
        lifecycle_stage: run.deleted ? 'deleted' : 'active',
        artifact_uri: `file:///a/${run.experiment ?? '1'}/${run.id}/artifacts`,
        parent_run_id: null,
      })),
    )
    .execute()
  const params = runs.flatMap((run) => entries(run, 'params'))
  const tags = runs.flatMap((run) => entries(run, 'tags'))
  const metrics = runs.flatMap((run) =>
    Object.entries(run.metrics ?? {}).map(([key, value]) => ({
      run_uuid: run.id,
      key,
      step: 0,
      timestamp: 0,
      value: Number.isNaN(value) ? 0 : value,
      is_nan: Number.isNaN(value) ? 1 : 0,
    })),
  )
  if (params.length > 0) await db.insertInto('params').values(params).execute()
  if (tags.length > 0) await db.insertInto('tags').values(tags).execute()
  if (metrics.length > 0) await db.insertInto('latest_metrics').values(metrics).execute()
}

/** Every page of a search, concatenated, with `pageSize` rows per page. */
async function allPages(
  sqlDatabase: SqlDatabase,
  query: SearchRunsQuery,
  pageSize: number,
): Promise<string[]> {
  const ids: string[] = []
  let pageToken: string | undefined
  for (let pages = 0; pages < 1000; pages++) {
    const page = await searchRunIds(sqlDatabase, {
      ...query,
      maxResults: pageSize,
      ...(pageToken ? { pageToken } : {}),
    })
    assert.ok(page.runIds.length <= pageSize)
    ids.push(...page.runIds)
    if (page.nextPageToken === undefined) return ids
    assert.equal(page.runIds.length, pageSize, 'only the last page may be short')
    pageToken = page.nextPageToken
  }
  throw new Error('paging did not end')
}

async function rejects(promise: Promise<unknown>, code: string, says: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ShipyardError, String(error))
    assert.equal(error.code, code)
    assert.ok(error.message.includes(says), error.message)
    return true
  })
}

describeEachBackend('searchRunIds', (backend) => {
  let database: TestDatabase
  let sqlDatabase: SqlDatabase
  let db: Kysely<Database>
  /** Ids of experiment 1's matching runs, in the search's order. */
  const find = async (filter: string, query: SearchRunsQuery = {}) =>
    (await searchRunIds(sqlDatabase, { experimentIds: ['1'], filter, ...query })).runIds
  const ordered = async (orderBy: string[], query: SearchRunsQuery = {}) =>
    (await searchRunIds(sqlDatabase, { experimentIds: ['1'], orderBy, ...query })).runIds

  before(async () => {
    database = await backend.create()
    sqlDatabase = await openSqlDatabase(database.target)
    db = sqlDatabase.db
    await insertRuns(db, RUNS)
  })

  after(async () => {
    await sqlDatabase?.close()
    await database?.dispose()
  })

  describe('filters', () => {
    it('orders by start time descending, then run id, by default', async () => {
      assert.deepEqual(await find(''), ['r04', 'r03', 'r07', 'r02', 'r01'])
    })

    it('compares metrics with each comparator, on the latest value, never matching NaN', async () => {
      assert.deepEqual(await find('metrics.auc > 0.8'), ['r04', 'r01'])
      assert.deepEqual(await find('metrics.auc >= 0.8'), ['r04', 'r03', 'r01'])
      assert.deepEqual(await find('metrics.auc = 0.7'), ['r02'])
      assert.deepEqual(await find('metrics.auc != 0.7'), ['r04', 'r03', 'r01'])
      assert.deepEqual(await find('metrics.auc < 0.8'), ['r02'])
      assert.deepEqual(await find('metrics.auc <= 0.8'), ['r03', 'r02'])
      assert.deepEqual(await find('metrics.loss != 5'), ['r04', 'r01'])
      assert.deepEqual(await find('metrics.loss < -0.5e0'), ['r04'])
      assert.deepEqual(await find('metrics.auc > 1e308'), ['r04'])
      assert.deepEqual(await find('metrics.auc = 1e999'), ['r04'])
    })

    it('finds metrics by quoted and dotted keys', async () => {
      assert.deepEqual(await find('metrics."val loss" = 1.5'), ['r03'])
      assert.deepEqual(await find('metrics.train.loss >= 2'), ['r03'])
      assert.deepEqual(await find('metrics.`train.loss` >= 2'), ['r03'])
    })

    it('compares params case-sensitively; != and NOT IN need the key (MLflow semantics)', async () => {
      assert.deepEqual(await find("params.model = 'gbdt'"), ['r04', 'r01'])
      assert.deepEqual(await find("params.model != 'gbdt'"), ['r03', 'r07', 'r02'])
      assert.deepEqual(await find("params.lr != '0.1'"), ['r02'])
      assert.deepEqual(await find("params.model IN ('linear', 'rf', 'GB')"), ['r03', 'r07'])
      assert.deepEqual(await find("params.model NOT IN ('gbdt', 'rf')"), ['r03', 'r02'])
      assert.deepEqual(await find("params.lr NOT IN ('0.1')"), ['r02'])
    })

    it('makes LIKE case-sensitive and ILIKE not, on every backend', async () => {
      assert.deepEqual(await find("params.model LIKE 'gb%'"), ['r04', 'r01'])
      assert.deepEqual(await find("params.model LIKE 'GB%'"), ['r02'])
      assert.deepEqual(await find("params.model ILIKE 'gb%'"), ['r04', 'r02', 'r01'])
      assert.deepEqual(await find("params.model ILIKE 'LIN_AR'"), ['r03'])
      assert.deepEqual(await find("tags.team LIKE 'r%'"), ['r02'])
      assert.deepEqual(await find("tags.team ILIKE 'RISK'"), ['r02', 'r01'])
      assert.deepEqual(await find("tags.team LIKE 'Risk'"), ['r01'])
    })

    it('treats %, _ and \\ as LIKE does, and every other character literally', async () => {
      const all = { viewType: 'ALL' } as const
      assert.deepEqual(await find("run_name LIKE 'gamma_1'", all), ['r05', 'r04'])
      assert.deepEqual(await find("run_name LIKE 'gamma\\_1'", all), ['r04'])
      assert.deepEqual(await find("run_name LIKE 'gamma\\%1'", all), ['r05'])
      assert.deepEqual(await find("run_name ILIKE 'GAMMA\\%_'", all), ['r05'])
      assert.deepEqual(await find("run_name LIKE 'e*p[s]?'"), ['r07'])
      assert.deepEqual(await find("run_name LIKE 'e_p[_]%'"), ['r07'])
      assert.deepEqual(await find("run_name LIKE 'e*%'"), ['r07'])
      assert.deepEqual(await find("run_name LIKE 'ep%'"), [])
      assert.deepEqual(await find("run_name LIKE 'e?p%'"), [])
      assert.deepEqual(await find("run_name LIKE 'alpha'"), ['r01'])
    })

    it('compares tags, quoted tag keys included', async () => {
      assert.deepEqual(await find("tags.team = 'risk'"), ['r02'])
      assert.deepEqual(await find("tags.team != 'ops'"), ['r02', 'r01'])
      assert.deepEqual(await find('tags."a b" = \'x\''), ['r03'])
    })

    it('compares attributes', async () => {
      assert.deepEqual(await find("attributes.run_id = 'r03'"), ['r03'])
      assert.deepEqual(await find("run_id IN ('r01', 'r04', 'r06')"), ['r04', 'r01'])
      assert.deepEqual(await find("run_id NOT IN ('r01', 'r04')"), ['r03', 'r07', 'r02'])
      assert.deepEqual(await find("attributes.run_id != 'r01'"), ['r04', 'r03', 'r07', 'r02'])
      assert.deepEqual(await find("attributes.run_name = 'beta'"), ['r03'])
      assert.deepEqual(await find("run_name ILIKE 'ALPHA%'"), ['r02', 'r01'])
      assert.deepEqual(await find("attributes.status = 'FAILED'"), ['r02'])
      assert.deepEqual(await find("status IN ('RUNNING', 'FAILED')"), ['r03', 'r02'])
      assert.deepEqual(await find("attributes.user_id = 'ann'"), ['r03', 'r01'])
      assert.deepEqual(await find("artifact_uri LIKE '%/r03/%'"), ['r03'])
      assert.deepEqual(await find('attributes.start_time >= 3000'), ['r04', 'r03', 'r07'])
      assert.deepEqual(await find('attributes.created < 2000'), ['r01'])
      assert.deepEqual(await find('start_time = 3000'), ['r03', 'r07'])
      assert.deepEqual(await find('end_time > 1000'), ['r04', 'r01'])
      assert.deepEqual(await find('end_time != 2000'), ['r04'])
    })

    it('joins clauses with AND', async () => {
      assert.deepEqual(await find("metrics.auc > 0.75 and params.model = 'gbdt' AND tags.team = 'Risk'"), [
        'r01',
      ])
      assert.deepEqual(await find("metrics.auc > 0.75 and params.model = 'gbdt' and tags.team = 'risk'"), [])
      assert.deepEqual(
        await find("metrics.auc > 0 and metrics.loss < 1 and start_time > 1000 and params.opt = 'c'"),
        ['r04'],
      )
    })

    it('binds user text, so quotes and SQL in it are only data', async () => {
      assert.deepEqual(await find("params.model = 'x''; DELETE FROM runs; --'"), [])
      assert.deepEqual(await find("params.\"model'; DELETE FROM runs; --\" = 'x'"), [])
      assert.deepEqual(await find(''), ['r04', 'r03', 'r07', 'r02', 'r01'])
    })

    it('refuses bad filters with the filter error', async () => {
      await rejects(
        searchRunIds(sqlDatabase, { filter: 'metrics.a >> 1' }),
        'SHIPYARD_FILTER_INVALID',
        "position 10 ('>>')",
      )
      await rejects(
        searchRunIds(sqlDatabase, { filter: 'metrics.a > 1 or metrics.b > 1' }),
        'SHIPYARD_FILTER_INVALID',
        'OR',
      )
    })
  })

  describe('scope', () => {
    it('searches every experiment when none is given', async () => {
      const every = ['r06', 'r04', 'r03', 'r07', 'r02', 'r01']
      assert.deepEqual((await searchRunIds(sqlDatabase, {})).runIds, every)
      assert.deepEqual((await searchRunIds(sqlDatabase, { experimentIds: [] })).runIds, every)
      assert.deepEqual((await searchRunIds(sqlDatabase, { experimentIds: ['1', '2'] })).runIds, every)
      assert.deepEqual((await searchRunIds(sqlDatabase, { experimentIds: ['2'] })).runIds, ['r06'])
      assert.deepEqual((await searchRunIds(sqlDatabase, { experimentIds: ['404'] })).runIds, [])
    })

    it('filters by lifecycle stage with the view type', async () => {
      assert.deepEqual(await find('', { viewType: 'ACTIVE_ONLY' }), ['r04', 'r03', 'r07', 'r02', 'r01'])
      assert.deepEqual(await find('', { viewType: 'DELETED_ONLY' }), ['r05'])
      assert.deepEqual(await find('', { viewType: 'ALL' }), ['r05', 'r04', 'r03', 'r07', 'r02', 'r01'])
    })

    it('validates max_results', async () => {
      for (const maxResults of [0, 50_001, 2.5]) {
        await rejects(searchRunIds(sqlDatabase, { maxResults }), 'INVALID_PARAMETER_VALUE', 'max_results')
      }
      assert.equal((await searchRunIds(sqlDatabase, { maxResults: 50_000 })).runIds.length, 6)
      const one = await searchRunIds(sqlDatabase, { maxResults: 1 })
      assert.deepEqual(one.runIds, ['r06'])
      assert.ok(one.nextPageToken)
    })
  })

  describe('order by', () => {
    it('puts runs without the metric last in both directions, NaN just before them', async () => {
      assert.deepEqual(await ordered(['metrics.auc DESC']), ['r04', 'r01', 'r03', 'r02', 'r07'])
      assert.deepEqual(await ordered(['metrics.auc ASC']), ['r02', 'r03', 'r01', 'r04', 'r07'])
      assert.deepEqual(await ordered(['metrics.loss']), ['r04', 'r01', 'r02', 'r03', 'r07'])
      assert.deepEqual(await ordered(['metrics.loss DESC']), ['r01', 'r04', 'r02', 'r03', 'r07'])
    })

    it('puts runs without the param or tag last in both directions', async () => {
      assert.deepEqual(await ordered(['params.opt']), ['r02', 'r01', 'r04', 'r03', 'r07'])
      assert.deepEqual(await ordered(['params.opt DESC']), ['r04', 'r01', 'r02', 'r03', 'r07'])
      assert.deepEqual(await ordered(['tags."a b" DESC']), ['r03', 'r04', 'r07', 'r02', 'r01'])
    })

    it('mixes directions over several keys', async () => {
      assert.deepEqual(await ordered(['tags.grp ASC', 'metrics.auc DESC']), [
        'r01',
        'r02',
        'r07',
        'r04',
        'r03',
      ])
      assert.deepEqual(await ordered(['tags.grp DESC', 'metrics.auc ASC']), [
        'r03',
        'r04',
        'r02',
        'r01',
        'r07',
      ])
    })

    it('orders by attributes, end time missing last', async () => {
      assert.deepEqual(await ordered(['attributes.start_time']), ['r01', 'r02', 'r03', 'r07', 'r04'])
      assert.deepEqual(await ordered(['created DESC']), ['r04', 'r03', 'r07', 'r02', 'r01'])
      assert.deepEqual(await ordered(['end_time DESC']), ['r04', 'r01', 'r03', 'r07', 'r02'])
      assert.deepEqual(await ordered(['end_time']), ['r01', 'r04', 'r03', 'r07', 'r02'])
      assert.deepEqual(await ordered(['run_name']), ['r01', 'r02', 'r03', 'r07', 'r04'])
      assert.deepEqual(await ordered(['attributes.run_id DESC']), ['r07', 'r04', 'r03', 'r02', 'r01'])
      assert.deepEqual(await ordered(['status', 'user_id DESC']), ['r02', 'r07', 'r04', 'r01', 'r03'])
    })

    it('combines with filters', async () => {
      assert.deepEqual(await ordered(['metrics.auc'], { filter: "params.model ILIKE 'gb%'" }), [
        'r02',
        'r01',
        'r04',
      ])
    })

    it('refuses bad order-by clauses', async () => {
      await rejects(
        searchRunIds(sqlDatabase, { orderBy: ['metrics.auc DOWN'] }),
        'SHIPYARD_FILTER_INVALID',
        "('DOWN')",
      )
    })
  })

  describe('paging', () => {
    const orders: string[][] = [
      [],
      ['metrics.score DESC'],
      ['metrics.score'],
      ['metrics.score ASC', 'params.p DESC'],
      ['params.p', 'end_time DESC'],
      ['tags.t DESC', 'metrics.score DESC', 'start_time'],
      ['end_time', 'run_id DESC'],
    ]

    before(async () => {
      await insertRuns(db, TIED)
    })

    for (const orderBy of orders) {
      it(`pages through ties exactly once, in order, by [${orderBy.join(', ')}]`, async () => {
        const query = { experimentIds: ['3'], orderBy }
        const whole = await searchRunIds(sqlDatabase, query)
        assert.equal(whole.nextPageToken, undefined)
        assert.deepEqual(whole.runIds, referenceOrder(TIED, orderBy))
        for (const pageSize of [1, 2, 3, 7, 24, 25]) {
          assert.deepEqual(await allPages(sqlDatabase, query, pageSize), whole.runIds, `pages of ${pageSize}`)
        }
      })
    }

    it('pages through a filtered search', async () => {
      const query = {
        experimentIds: ['3'],
        filter: "metrics.score >= 0.5 and params.p != 'z'",
        orderBy: ['metrics.score DESC'],
      }
      const expected = referenceOrder(
        TIED.filter((run) => (run.metrics?.score ?? Number.NaN) >= 0.5 && run.params?.p !== undefined),
        ['metrics.score DESC'],
      )
      assert.ok(expected.length > 5)
      assert.deepEqual(await allPages(sqlDatabase, query, 2), expected)
    })

    it('lets the page size change between pages', async () => {
      const query = { experimentIds: ['3'], orderBy: ['metrics.score DESC'] }
      const first = await searchRunIds(sqlDatabase, { ...query, maxResults: 4 })
      const rest = await searchRunIds(sqlDatabase, {
        ...query,
        maxResults: 100,
        pageToken: first.nextPageToken!,
      })
      assert.deepEqual([...first.runIds, ...rest.runIds], referenceOrder(TIED, ['metrics.score DESC']))
    })

    it('refuses a token with another query, and garbage tokens', async () => {
      const query: SearchRunsQuery = {
        experimentIds: ['3'],
        filter: 'metrics.score > 0',
        orderBy: ['params.p'],
      }
      const { nextPageToken } = await searchRunIds(sqlDatabase, { ...query, maxResults: 2 })
      assert.ok(nextPageToken)
      const others: SearchRunsQuery[] = [
        { ...query, filter: 'metrics.score > 1' },
        { ...query, orderBy: ['params.p DESC'] },
        { ...query, orderBy: [] },
        { ...query, experimentIds: ['1', '3'] },
        { ...query, experimentIds: [] },
        { ...query, viewType: 'ALL' },
      ]
      for (const other of others) {
        await rejects(
          searchRunIds(sqlDatabase, { ...other, pageToken: nextPageToken }),
          'SHIPYARD_PAGE_TOKEN_INVALID',
          'another query',
        )
      }
      for (const garbage of ['x', 'bm90IGpzb24', '!!!', `${nextPageToken}x`]) {
        await rejects(
          searchRunIds(sqlDatabase, { ...query, pageToken: garbage }),
          'SHIPYARD_PAGE_TOKEN_INVALID',
          'page_token',
        )
      }
      assert.equal(
        (await searchRunIds(sqlDatabase, { ...query, maxResults: 3, pageToken: nextPageToken })).runIds
          .length,
        3,
      )
    })

    it('neither repeats nor skips rows when runs are added between pages', async () => {
      const at = (id: string, start: number): RunSpec => ({ id, experiment: '6', start })
      await insertRuns(db, [at('q1', 10), at('q2', 20), at('q3', 30), at('q4', 40)])
      const query = { experimentIds: ['6'], maxResults: 2 }
      const first = await searchRunIds(sqlDatabase, query)
      assert.deepEqual(first.runIds, ['q4', 'q3'])
      await insertRuns(db, [at('q5', 50), at('q0', 5)])
      const second = await searchRunIds(sqlDatabase, { ...query, pageToken: first.nextPageToken! })
      assert.deepEqual(second.runIds, ['q2', 'q1'])
      const third = await searchRunIds(sqlDatabase, { ...query, pageToken: second.nextPageToken! })
      assert.deepEqual(third, { runIds: ['q0'] })
    })

    it('returns 1000 runs by default, then the rest', async () => {
      const many = Array.from({ length: 1001 }, (_, i) => ({
        id: `m${String(i).padStart(4, '0')}`,
        experiment: '4',
        start: i,
      }))
      for (let i = 0; i < many.length; i += 250) await insertRuns(db, many.slice(i, i + 250))
      const first = await searchRunIds(sqlDatabase, { experimentIds: ['4'] })
      assert.equal(first.runIds.length, 1000)
      assert.equal(first.runIds[0], 'm1000')
      const second = await searchRunIds(sqlDatabase, {
        experimentIds: ['4'],
        pageToken: first.nextPageToken!,
      })
      assert.deepEqual(second, { runIds: ['m0000'] })
    })
  })
})
