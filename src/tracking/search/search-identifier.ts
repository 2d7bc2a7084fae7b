import {
  ATTRIBUTES,
  type NumericAttribute,
  PREFIXES,
  resolveAttribute,
  type StringAttribute,
} from './search-ast.js'
import { searchSyntaxError } from './search-error.js'
import type { Token } from './search-lexer.js'

/** What an identifier names: a metric, param or tag key, or a run attribute. */
export type Identifier =
  | { readonly entity: 'metric' | 'param' | 'tag'; readonly key: string }
  | { readonly entity: 'attribute'; readonly attribute: NumericAttribute | StringAttribute }

const EXPECTED =
  'expected an identifier such as metrics.<key>, params.<key>, tags.<key> or attributes.<name> ' +
  '(quote keys holding spaces or dashes: metrics."val loss")'

/**
 * Resolves an identifier token: `<prefix>.<key>` where the key is everything after the first dot
 * (`metrics.train.loss` is the metric `train.loss`) or a quoted key (`params.\`a-b\``), or a bare
 * attribute name (`start_time`). Prefixes and attribute names are case-insensitive; keys are not.
 */
export function readIdentifier(token: Token, what: string): Identifier {
  if (token.kind !== 'word') throw searchSyntaxError(what, token.position, token.text, EXPECTED)
  const fail = (message: string) => searchSyntaxError(what, token.position, token.text, message)
  let prefix: string
  let key: string
  if (token.head !== undefined) {
    prefix = token.head.slice(0, -1)
    key = String(token.value)
    if (prefix.includes('.'))
      throw fail('a quoted key must follow the prefix directly, e.g. metrics."val loss"')
  } else {
    const dot = token.text.indexOf('.')
    if (dot < 0) return { entity: 'attribute', attribute: attributeNamed(token.text, fail) }
    prefix = token.text.slice(0, dot)
    key = token.text.slice(dot + 1)
  }
  const entity = PREFIXES[prefix.toLowerCase()]
  if (entity === undefined) {
    throw fail(`unknown prefix '${prefix}': expected metrics., params., tags. or attributes.`)
  }
  if (key === '') throw fail(`expected a key after '${prefix}.' (quote a key with " or \`, not ')`)
  if (entity === 'attribute') return { entity, attribute: attributeNamed(key, fail) }
  return { entity, key }
}

function attributeNamed(name: string, fail: (message: string) => Error): NumericAttribute | StringAttribute {
  const attribute = resolveAttribute(name)
  if (attribute !== undefined) return attribute
  throw fail(
    `unknown attribute '${name}': expected one of ${Object.keys(ATTRIBUTES).join(', ')}, created ` +
      '(or a prefixed key: metrics.<key>, params.<key>, tags.<key>)',
  )
}
