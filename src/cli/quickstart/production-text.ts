import { basename } from 'node:path'
import { formatPercent } from '../../shared/index.js'
import { formatNumber } from '../output/format.js'
import type { QuickstartProduction } from './quickstart-deploy.js'
import type { QuickstartMonitor } from './quickstart-review.js'

/** The production loop for people: a step per block, a few lines each, every number as measured. */
export function describeProduction(production: QuickstartProduction): string {
  const { traffic, feedback, explanation: e, replay, monitor } = production
  const contributions = Object.entries(e.contributions)
    .map(([column, value]) => `${column} ${signed(value)}`)
    .join(', ')
  const steps: [string, string[]][] = [
    [
      'traffic',
      [
        `${traffic.requests} held-out customers, one request each, ${traffic.concurrency} at a time: all answered and logged`,
      ],
    ],
    [
      'feedback',
      [
        `POST /v1/feedback with the true labels of ${feedback.sent}: ${feedback.accepted} stored, ${feedback.unmatched} unmatched;`,
        `the other ${feedback.late} arrive late (${basename(feedback.lateLabelsFile)}, see below)`,
      ],
    ],
    [
      'explain',
      [
        `the riskiest customer, request ${e.requestId} (p = ${e.probability.toFixed(3)}), through :explain:`,
        `base ${fixed(e.baseValue)} + contributions = raw score ${fixed(e.rawScore)} (${e.space.replace('_', '-')} of churn)`,
        contributions,
      ],
    ],
    [
      'replay',
      [
        `that request re-run in process on version ${replay.replayedVersion ?? '-'}: p = ${probability(replay.logged)} logged, ${probability(replay.replayed)} now (${replay.identical ? 'identical' : `${replay.status}, max |diff| ${replay.maxAbsDifference ?? '-'}`})`,
      ],
    ],
    ['monitor', monitorLines(monitor)],
  ]
  const width = Math.max(...steps.map(([step]) => step.length)) + 2
  const lines = steps.flatMap(([step, text]) =>
    text.map((line, i) => `  ${(i === 0 ? step : '').padEnd(width)}${line}`),
  )
  return (
    '\nThen ran it as in production, on the same server with the prediction log, feedback and\n' +
    `explanations on (what \`shipyard logs\`, \`replay\`, \`explain\` and \`monitor\` read):\n${lines.join('\n')}\n`
  )
}

function monitorLines(m: QuickstartMonitor): string[] {
  const ms = (x: number | null) => (x === null ? '-' : `${formatNumber(Number(x.toPrecision(3)))} ms`)
  const coverage = m.coverage === null ? '' : ` (${formatPercent(m.coverage)})`
  const lines = [
    `last ${m.window}: ${m.requests} requests, ${m.errors} errors, latency p50 ${ms(m.latencyMs.p50)}, p99 ${ms(m.latencyMs.p99)}`,
    `labels for ${m.labelledRows} of ${m.loggedRows} logged rows${coverage}`,
    qualityLine(m),
  ]
  if (m.drift.available) {
    const { drift } = m
    const verdict = drift.drifted ? 'dataset drift' : 'no dataset drift'
    const prediction = drift.prediction ? `; prediction ${drift.prediction.status}` : ''
    lines.push(
      `${verdict}: ${drift.driftedFeatures} of ${drift.features.length} features drift`,
      `(${drift.features.map((f) => `${f.name} ${f.status}`).join(', ')}${prediction})`,
    )
  } else lines.push(`drift unavailable: ${m.drift.reason}`)
  lines.push(`wrote ${m.html}`)
  return lines
}

/** Live AUC and accuracy beside the training run's, as far as both are known. */
function qualityLine(m: QuickstartMonitor): string {
  const value = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(4))
  const at = m.training.dataset === null ? 'at training' : `at training (${m.training.dataset})`
  const { auc, accuracy } = m.training.metrics
  return `live auc ${value(m.live?.auc)}, accuracy ${value(m.live?.accuracy)}; ${at} ${value(auc)}, ${value(accuracy)}`
}

function probability(p: number | null): string {
  return p === null ? '-' : p.toFixed(6)
}

function fixed(value: number): string {
  return value.toFixed(3)
}

function signed(value: number): string {
  return value >= 0 ? `+${fixed(value)}` : fixed(value)
}
