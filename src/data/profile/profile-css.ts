import { BASE_CSS } from '../../shared/index.js'

/** The profile report's stylesheet: the shared base plus type badges, card headings and flags. */
export const PROFILE_CSS = `${BASE_CSS}
.type{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;font-weight:600;background:#eef2ff;color:#3538cd}
.type.categorical{background:#ecfdf3;color:#027a48}.type.boolean{background:#fdf2fa;color:#c11574}
.type.datetime{background:#fef6ee;color:#b93815}.type.text{background:#f2f4f7;color:#344054}
.card-head{display:flex;align-items:center;gap:10px;margin-bottom:8px;flex-wrap:wrap}
.card-head h3{margin:0;font-size:16px;word-break:break-all}
.flag{font-size:11px;font-weight:600;color:var(--flag);background:var(--flag-bg);border-radius:999px;padding:1px 8px}
svg .bar.tail,svg .muted .bar{fill:var(--tail)}
svg .missing .bar{fill:var(--missing)}
`
