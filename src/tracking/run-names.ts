import { randomInt } from 'node:crypto'

const ADJECTIVES = [
  'amber',
  'bold',
  'brisk',
  'calm',
  'clever',
  'crisp',
  'daring',
  'eager',
  'fleet',
  'gentle',
  'keen',
  'lucid',
  'merry',
  'nimble',
  'quiet',
  'rapid',
  'steady',
  'swift',
  'vivid',
  'wise',
]
const NOUNS = [
  'anchor',
  'beacon',
  'brig',
  'compass',
  'cutter',
  'harbor',
  'hull',
  'keel',
  'ketch',
  'mast',
  'pilot',
  'rudder',
  'sail',
  'schooner',
  'sloop',
  'tide',
  'wake',
  'wharf',
  'yard',
  'yawl',
]

/** A readable default run name, as MLflow gives one (`swift-keel-417`). */
export function generateRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`
}
