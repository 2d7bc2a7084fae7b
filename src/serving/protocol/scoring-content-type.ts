import { ShipyardError } from '../../shared/index.js'

/** The media types `/invocations` accepts, as MLflow's scoring server does. */
const SCORING_CONTENT_TYPES = { 'application/json': 'json', 'text/csv': 'csv' } as const

/** How an `/invocations` body is read. */
export type ScoringFormat = (typeof SCORING_CONTENT_TYPES)[keyof typeof SCORING_CONTENT_TYPES]

/**
 * The format of an `/invocations` body from its Content-Type, by MLflow 2.x's rules
 * (`mlflow.pyfunc.scoring_server.invocations`): `application/json` or `text/csv`; a `charset`
 * parameter must be UTF-8 and no other parameter is allowed (MLflow 1.x's `format=pandas-split` is
 * refused so that an old client learns the protocol changed). Media type and parameter names are
 * compared case-insensitively, as HTTP defines them. Anything else, or no Content-Type, is
 * `SHIPYARD_UNSUPPORTED_MEDIA_TYPE` (415) naming the accepted types.
 */
export function checkScoringContentType(contentType: string | undefined): ScoringFormat {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';').map((part) => part.trim())
  const format = SCORING_CONTENT_TYPES[mediaType.toLowerCase() as keyof typeof SCORING_CONTENT_TYPES]
  if (format === undefined) {
    throw unsupported(
      `this endpoint takes ${accepted()}; got ${contentType ? `'${contentType}'` : 'no Content-Type'}`,
      contentType,
    )
  }
  // A trailing ';' leaves an empty parameter: harmless, so skipped.
  for (const parameter of parameters.filter((p) => p !== '')) {
    const [name = '', value = ''] = parameter.split('=', 2).map((part) => part.trim())
    if (name.toLowerCase() !== 'charset') {
      throw unsupported(
        `unrecognized Content-Type parameter '${name}': ${accepted()} take only a charset (MLflow 2 dropped format=pandas-split and similar; send dataframe_split or dataframe_records in the body instead)`,
        contentType,
      )
    }
    if (value.replace(/^"|"$/g, '').toLowerCase() !== 'utf-8') {
      throw unsupported(`the body must be UTF-8; got charset '${value}'`, contentType)
    }
  }
  return format
}

function accepted(): string {
  return Object.keys(SCORING_CONTENT_TYPES).join(' and ')
}

function unsupported(message: string, contentType: string | undefined): ShipyardError {
  return new ShipyardError('SHIPYARD_UNSUPPORTED_MEDIA_TYPE', message, {
    details: {
      field: 'Content-Type',
      contentType: contentType ?? null,
      accepted: Object.keys(SCORING_CONTENT_TYPES),
    },
  })
}
