import assert from 'node:assert/strict'
import { test } from 'node:test'
import { closestMatch } from './closest-match.js'

const NAMES = ['num_trees', 'num_leaves', 'learning_rate', 'max_depth', 'lambda_l2']

test('finds the name a typo was meant to be', () => {
  assert.equal(closestMatch('num_leafs', NAMES), 'num_leaves')
  assert.equal(closestMatch('learnign_rate', NAMES), 'learning_rate')
  assert.equal(closestMatch('lambda-l2', NAMES), 'lambda_l2')
  assert.equal(closestMatch('numTrees', NAMES), 'num_trees')
})

test('offers nothing when no candidate is close', () => {
  assert.equal(closestMatch('colsample_bytree', NAMES), undefined)
  assert.equal(closestMatch('x', NAMES), undefined)
})
