import { Option } from 'commander'
import type { ViewType } from '../../tracking/index.js'

const VIEWS = { active: 'ACTIVE_ONLY', deleted: 'DELETED_ONLY', all: 'ALL' } as const satisfies Record<
  string,
  ViewType
>

/** `--view active|deleted|all`: which lifecycle stages a listing shows (default active). */
export function viewOption(): Option {
  return new Option('--view <view>', 'which to list').choices(Object.keys(VIEWS)).default('active')
}

/** The store's `ViewType` for a `--view` value commander has already checked. */
export function toViewType(view: string): ViewType {
  return VIEWS[view as keyof typeof VIEWS] ?? 'ACTIVE_ONLY'
}
