import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { Random } from '../../shared/index.js'

/** The columns of the quickstart's churn table; `churned` is the label. */
export const CHURN_COLUMNS = [
  'tenure_months',
  'monthly_charges',
  'support_calls',
  'plan',
  'signup_date',
  'churned',
] as const

const PLANS = ['basic', 'standard', 'premium'] as const

/**
 * Writes a seeded, synthetic customer-churn CSV: the kind of file a team starts from. Churn follows a
 * hidden logistic model (short tenure, high charges, many support calls and the basic plan raise it),
 * and the data is realistically untidy: about 4% of `monthly_charges` and 2% of `plan` are empty.
 */
export function writeChurnCsv(path: string, options: { readonly rows: number; readonly seed: number }): void {
  const random = new Random(options.seed)
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat())
  const lines = [CHURN_COLUMNS.join(',')]
  const start = Date.UTC(2021, 0, 1)
  for (let i = 0; i < options.rows; i++) {
    const tenure = Math.min(72, Math.floor(-24 * Math.log(1 - random.nextFloat())))
    const plan = PLANS[random.nextInt(3)]!
    const charges = 20 + 25 * PLANS.indexOf(plan) + 15 * random.nextFloat()
    const calls = Math.floor(-1.5 * Math.log(1 - random.nextFloat()))
    const basic = plan === 'basic' ? 1 : 0
    const logit = 2 - 0.15 * tenure + 0.05 * (charges - 45) + 0.7 * calls + 1.2 * basic - 0.4 + 0.2 * normal()
    const churned = random.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
    const signup = new Date(start + random.nextInt(1000) * 86_400_000).toISOString().slice(0, 10)
    lines.push(
      [
        tenure,
        random.nextFloat() < 0.04 ? '' : charges.toFixed(2),
        calls,
        random.nextFloat() < 0.02 ? '' : plan,
        signup,
        churned,
      ].join(','),
    )
  }
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${lines.join('\n')}\n`)
}
