// `npm run bench` lists the benchmarks; each one runs on its own (`npx tsx bench/<name>.ts`).
import { readdirSync, readFileSync } from 'node:fs'

for (const file of readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const summary = readFileSync(`bench/${file}`, 'utf8').match(/^\/\/ (.*)$/m)?.[1] ?? ''
  console.log(`npx tsx bench/${file}\n    ${summary}`)
}
