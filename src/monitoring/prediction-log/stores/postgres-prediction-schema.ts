/**
 * The prediction log's PostgreSQL tables, created by the store when absent (in the search_path's
 * first schema, as the metadata tables are). Until they become a numbered migration in `src/sql`, the
 * creation runs under a transaction-scoped advisory lock, so that processes opening the store at
 * once do not race on `CREATE ... IF NOT EXISTS`.
 *
 * - `prediction_log`: one row per logged record; `inputs`/`outputs` jsonb (nulls not kept), `time`
 *   epoch ms. `id` orders rows of equal time for retention. Indexed on (model, time) for the usual
 *   window queries and on request_id for lookups and feedback matching.
 * - `prediction_feedback`: every label accepted; `arrival` orders labels of equal time; the latest
 *   per (request_id, row) wins.
 */
export const PREDICTION_LOG_DDL = `
CREATE TABLE IF NOT EXISTS prediction_log (
  id bigserial PRIMARY KEY,
  request_id text NOT NULL,
  "row" integer NOT NULL,
  "time" bigint NOT NULL,
  model text NOT NULL,
  version integer,
  alias text,
  arm text NOT NULL,
  latency_ms double precision NOT NULL,
  cache text NOT NULL,
  error_code text,
  error_message text,
  inputs jsonb NOT NULL,
  outputs jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS prediction_log_model_time_idx ON prediction_log (model, "time");
CREATE INDEX IF NOT EXISTS prediction_log_request_id_idx ON prediction_log (request_id);
CREATE TABLE IF NOT EXISTS prediction_feedback (
  arrival bigserial PRIMARY KEY,
  request_id text NOT NULL,
  "row" integer NOT NULL,
  label jsonb NOT NULL,
  "time" double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS prediction_feedback_key_idx ON prediction_feedback (request_id, "row");
`

/** The advisory lock key taken while creating the tables (any fixed number unique to this use). */
export const PREDICTION_LOG_DDL_LOCK = 0x5052_4544 // 'PRED'

/** The columns a record is read from, in this order. */
export const RECORD_SELECT =
  'request_id, "row", "time", model, version, alias, arm, inputs, outputs, latency_ms, cache, error_code, error_message'
