/**
 * The one registry of error codes. Each code carries the HTTP status it renders as and the MLflow
 * error code an MLflow client sees for it, so the same error reads right on every API.
 * `docs/errors.md` lists every code; a test keeps the two in step.
 */
export const ERROR_CODES = {
  RESOURCE_DOES_NOT_EXIST: { status: 404, mlflow: 'RESOURCE_DOES_NOT_EXIST' },
  RESOURCE_ALREADY_EXISTS: { status: 400, mlflow: 'RESOURCE_ALREADY_EXISTS' },
  INVALID_PARAMETER_VALUE: { status: 400, mlflow: 'INVALID_PARAMETER_VALUE' },
  BAD_REQUEST: { status: 400, mlflow: 'BAD_REQUEST' },
  ENDPOINT_NOT_FOUND: { status: 404, mlflow: 'ENDPOINT_NOT_FOUND' },
  INTERNAL_ERROR: { status: 500, mlflow: 'INTERNAL_ERROR' },
  SHIPYARD_CONFIG_INVALID: { status: 500, mlflow: 'INTERNAL_ERROR' },
  SHIPYARD_STORE_FOREIGN_DATABASE: { status: 500, mlflow: 'INTERNAL_ERROR' },
  SHIPYARD_STORE_UNAVAILABLE: { status: 503, mlflow: 'TEMPORARILY_UNAVAILABLE' },
  SHIPYARD_FILTER_INVALID: { status: 400, mlflow: 'INVALID_PARAMETER_VALUE' },
  SHIPYARD_PAGE_TOKEN_INVALID: { status: 400, mlflow: 'INVALID_PARAMETER_VALUE' },
  SHIPYARD_PARAM_IMMUTABLE: { status: 400, mlflow: 'INVALID_PARAMETER_VALUE' },
  SHIPYARD_RUN_NOT_ACTIVE: { status: 400, mlflow: 'INVALID_STATE' },
  SHIPYARD_ARTIFACT_PATH_INVALID: { status: 400, mlflow: 'INVALID_PARAMETER_VALUE' },
  SHIPYARD_REMOTE_UNREACHABLE: { status: 503, mlflow: 'TEMPORARILY_UNAVAILABLE' },
  SHIPYARD_MODEL_ARTIFACT_CORRUPT: { status: 500, mlflow: 'INTERNAL_ERROR' },
  SHIPYARD_MODEL_NOT_READY: { status: 503, mlflow: 'TEMPORARILY_UNAVAILABLE' },
  SHIPYARD_PAYLOAD_TOO_LARGE: { status: 413, mlflow: 'INVALID_PARAMETER_VALUE' },
  SHIPYARD_UNSUPPORTED_MEDIA_TYPE: { status: 415, mlflow: 'BAD_REQUEST' },
  SHIPYARD_PROMOTION_REFUSED: { status: 409, mlflow: 'INVALID_STATE' },
} as const satisfies Record<string, { status: number; mlflow: string }>

/** A stable, documented error code. */
export type ErrorCode = keyof typeof ERROR_CODES

/** The wire form of an error: MLflow's `{error_code, message}`, plus Shipyard's own code and details. */
export interface ErrorBody {
  readonly error_code: string
  readonly message: string
  readonly shipyard_code?: ErrorCode
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * Every failure Shipyard reports on purpose. The message names what is wrong and what would be
 * right; `details` carries the same facts for machines (field, row, token position...).
 */
export class ShipyardError extends Error {
  override readonly name = 'ShipyardError'
  readonly code: ErrorCode
  readonly details: Readonly<Record<string, unknown>>

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.details = options.details ?? {}
  }

  /** The HTTP status this error renders as. */
  get status(): number {
    return ERROR_CODES[this.code].status
  }

  /** Renders the error for the wire; `fromBody` rebuilds it on the client side. */
  toBody(): ErrorBody {
    const body: ErrorBody = {
      error_code: ERROR_CODES[this.code].mlflow,
      message: this.message,
      shipyard_code: this.code,
    }
    return Object.keys(this.details).length > 0 ? { ...body, details: this.details } : body
  }

  /** Rebuilds the typed error a server sent, so a remote call fails exactly as a local one would. */
  static fromBody(body: Partial<ErrorBody>, status: number): ShipyardError {
    const code = isErrorCode(body.shipyard_code)
      ? body.shipyard_code
      : isErrorCode(body.error_code)
        ? body.error_code
        : status === 404
          ? 'RESOURCE_DOES_NOT_EXIST'
          : status >= 500
            ? 'INTERNAL_ERROR'
            : 'BAD_REQUEST'
    const options = body.details ? { details: { ...body.details } } : {}
    return new ShipyardError(code, body.message ?? `HTTP ${status}`, options)
  }
}

/** True when `value` is one of the registered codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value)
}

/** Shorthand for the most common failure: a named thing that does not exist. */
export function notFound(what: string, id: string): ShipyardError {
  return new ShipyardError('RESOURCE_DOES_NOT_EXIST', `${what} '${id}' does not exist`, {
    details: { [what]: id },
  })
}

/** Shorthand for a bad value in a named field. */
export function invalidValue(field: string, message: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `${field}: ${message}`, { details: { field } })
}
