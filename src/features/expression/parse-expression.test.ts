import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { type ExprNode, FUNCTION_ALIASES, FUNCTIONS } from './expression-ast.js'
import { KNOWN_FUNCTIONS, parseExpression } from './parse-expression.js'

// The tree, fully parenthesised, so that precedence and associativity read at a glance.
function show(node: ExprNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value)
    case 'null':
      return 'NULL'
    case 'column':
      return `[${node.name}]`
    case 'negate':
      return `(-${show(node.operand)})`
    case 'arithmetic':
    case 'comparison':
      return `(${show(node.left)} ${node.op} ${show(node.right)})`
    case 'logical':
      return `(${show(node.left)} ${node.op.toUpperCase()} ${show(node.right)})`
    case 'not':
      return `(NOT ${show(node.operand)})`
    case 'isNull':
      return `(${show(node.operand)} IS ${node.negated ? 'NOT ' : ''}NULL)`
    case 'case':
      return `(CASE${node.branches.map((b) => ` WHEN ${show(b.when)} THEN ${show(b.result)}`).join('')}${
        node.otherwise ? ` ELSE ${show(node.otherwise)}` : ''
      } END)`
    case 'call':
      return `${node.fn}(${node.args.map(show).join(', ')})`
  }
}

const parsed = (source: string): string => show(parseExpression(source).root)

function assertError(source: string, position: number, pattern: RegExp): void {
  assert.throws(
    () => parseExpression(source),
    (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
      assert.equal(error.details.position, position, error.message)
      assert.equal(error.details.expression, source)
      assert.ok(error.message.startsWith(`expression '${source}' at ${position}: `), error.message)
      assert.match(error.message, pattern)
      return true
    },
  )
}

describe('parseExpression: precedence and associativity', () => {
  const cases: readonly [string, string][] = [
    ['a + b * c', '([a] + ([b] * [c]))'],
    ['a * b + c', '(([a] * [b]) + [c])'],
    ['a - b - c', '(([a] - [b]) - [c])'],
    ['a / b / c', '(([a] / [b]) / [c])'],
    ['a / b * c % d', '((([a] / [b]) * [c]) % [d])'],
    ['(a - b) * c', '(([a] - [b]) * [c])'],
    ['-a * b', '((-[a]) * [b])'],
    ['- - a', '(-(-[a]))'],
    ['+a - -b', '([a] - (-[b]))'],
    ['a < b + 1', '([a] < ([b] + 1))'],
    ['a + 1 >= b * 2', '(([a] + 1) >= ([b] * 2))'],
    ['a != b', '([a] <> [b])'],
    ['NOT a = b', '(NOT ([a] = [b]))'],
    ['a = b IS NULL', '(([a] = [b]) IS NULL)'],
    ['NOT a IS NOT NULL', '(NOT ([a] IS NOT NULL))'],
    ['a OR b AND c', '([a] OR ([b] AND [c]))'],
    ['a AND b OR c AND d', '(([a] AND [b]) OR ([c] AND [d]))'],
    ['NOT a AND b', '((NOT [a]) AND [b])'],
    ['a or b or c', '(([a] OR [b]) OR [c])'],
    [
      'CASE WHEN a > 0 THEN 1 WHEN a < 0 THEN -1 ELSE 0 END * 2',
      '((CASE WHEN ([a] > 0) THEN 1 WHEN ([a] < 0) THEN (-1) ELSE 0 END) * 2)',
    ],
    ['case when a then b end', '(CASE WHEN [a] THEN [b] END)'],
  ]
  for (const [source, tree] of cases) {
    it(`${source}  =>  ${tree}`, () => assert.equal(parsed(source), tree))
  }
})

describe('parseExpression: tokens', () => {
  it('reads numbers as JavaScript does', () => {
    assert.equal(parsed('1.5e3 + .5 + 2. + 1E-2 + 007'), '((((1500 + 0.5) + 2) + 0.01) + 7)')
    const huge = parseExpression('1e999').root
    assert.ok(huge.kind === 'number' && huge.value === Infinity)
  })

  it('reads TRUE, FALSE and NULL case-insensitively', () => {
    assert.equal(parsed('true + False * null'), '(1 + (0 * NULL))')
  })

  it('reads double-quoted names verbatim, "" as a quote, and keywords as names when quoted', () => {
    assert.equal(
      parsed('"unit price" * "a""b" + "end" + "Case"'),
      '((([unit price] * [a"b]) + [end]) + [Case])',
    )
  })

  it('keeps bare column names as written (resolution is case-insensitive later)', () => {
    assert.equal(parsed('Amount_2 + _x'), '([Amount_2] + [_x])')
  })

  it('skips whitespace and -- comments', () => {
    assert.equal(parsed('a -- the amount\n\t+ b -- trailing'), '([a] + [b])')
  })

  it('reads a known function name without parentheses as a column', () => {
    assert.equal(parsed('abs + 1'), '([abs] + 1)')
  })
})

describe('parseExpression: functions', () => {
  it('parses every function with its smallest and largest argument count', () => {
    for (const [name, { min, max }] of Object.entries(FUNCTIONS)) {
      for (const count of new Set([min, Math.min(max, min + 2)])) {
        const args = Array.from({ length: count }, (_, i) => `x${i}`)
        assert.equal(
          parsed(`${name}(${args.join(', ')})`),
          `${name}(${args.map((a) => `[${a}]`).join(', ')})`,
        )
      }
    }
  })

  it('reads function names case-insensitively and aliases as their canonical function', () => {
    assert.equal(
      parsed('ABS(x) + Pow(x, 2) + CEILING(x) + NullIf(x, 0)'),
      '(((abs([x]) + power([x], 2)) + ceil([x])) + nullif([x], 0))',
    )
    assert.deepEqual(Object.values(FUNCTION_ALIASES).sort(), ['ceil', 'power'])
  })

  it('parses nested calls and expressions as arguments', () => {
    assert.equal(parsed('round(ln(a + 1) * 10)'), 'round((ln(([a] + 1)) * 10))')
    assert.equal(parsed('coalesce(a / nullif(b, 0), 0)'), 'coalesce(([a] / nullif([b], 0)), 0)')
  })
})

describe('parseExpression: errors name the position and the token', () => {
  it('an unknown function, listing the known ones', () => {
    const source = 'amount / nulif(income, 0)'
    assert.throws(
      () => parseExpression(source),
      (error: ShipyardError) => {
        assert.equal(
          error.message,
          `expression '${source}' at 9: unknown function 'nulif' (known: ${KNOWN_FUNCTIONS.join(', ')})`,
        )
        assert.deepEqual(error.details, { expression: source, position: 9, token: 'nulif' })
        return true
      },
    )
    assert.ok(KNOWN_FUNCTIONS.includes('nullif') && KNOWN_FUNCTIONS.includes('pow'))
  })

  it('a wrong argument count', () => {
    assertError('1 + nullif(a)', 4, /function 'nullif' takes 2 arguments, got 1/)
    assertError('log(a, b, c)', 0, /function 'log' takes 1 to 2 arguments, got 3/)
    assertError('sqrt()', 0, /function 'sqrt' takes 1 argument, got 0/)
    assertError('coalesce()', 0, /function 'coalesce' takes at least 1 argument, got 0/)
  })

  it('an incomplete expression', () => {
    assertError('', 0, /expected an expression, found the end of the expression/)
    assertError('a +', 3, /expected an expression, found the end of the expression/)
    assertError('(a + b', 6, /expected '\)', found the end of the expression/)
    assertError('f(a b)', 0, /unknown function 'f'/)
    assertError('abs(a b)', 6, /expected ',' or '\)', found 'b'/)
    assertError('a * )', 4, /expected an expression, found '\)'/)
  })

  it('trailing tokens, and comparisons that chain', () => {
    assertError('a b', 2, /expected the end of the expression, found 'b'/)
    assertError('a < b < c', 6, /comparisons do not chain; combine them with AND/)
  })

  it('CASE without WHEN (the simple form) or without END', () => {
    assertError('CASE a WHEN 1 THEN 2 END', 5, /expected WHEN \(only the searched form/)
    assertError('CASE WHEN a THEN 1', 18, /expected WHEN, ELSE or END, found the end/)
    assertError('CASE WHEN a 1 END', 12, /expected THEN, found '1'/)
  })

  it('IS not followed by NULL', () => {
    assertError('a IS 1', 5, /expected NULL after IS, found '1'/)
  })

  it('a reserved word where a column is expected', () => {
    assertError('end + 1', 0, /'end' is a reserved word; a column of that name is written "end"/)
    assertError('a + WHEN', 4, /'WHEN' is a reserved word/)
  })

  it('characters and literals outside the language', () => {
    assertError("amount * 'x'", 9, /string literals are not supported/)
    assertError('a ^ 2', 2, /unexpected character '\^'; write power\(a, b\)/)
    assertError('a; DROP TABLE t', 1, /unexpected character ';'/)
    assertError('2x + 1', 0, /malformed number '2x'/)
    assertError('1.2.3', 0, /malformed number '1.2.'/)
    assertError('a + "b', 4, /unterminated quoted identifier/)
    assertError('""', 0, /empty quoted identifier/)
  })

  it('nesting too deep for the evaluators', () => {
    assertError(`${'('.repeat(300)}a${')'.repeat(300)}`, 256, /nested more than 256 levels deep/)
    assert.equal(parsed(`${'('.repeat(200)}a${')'.repeat(200)}`), '[a]')
  })
})
