import { BASE_CSS } from '../../shared/index.js'

/** The training report's stylesheet: the shared base plus chart markers and the confusion table. */
export const REPORT_CSS = `${BASE_CSS}
.cards{margin-bottom:24px}
.card h2{margin:0 0 2px}
.card .caption{margin:0 0 6px}
.bad{color:var(--flag);font-weight:600}
svg .best{stroke:var(--good);stroke-width:1.5;stroke-dasharray:4 3}
svg .marker{fill:#fff;stroke:var(--accent);stroke-width:2}
svg .marker.s2{stroke:var(--second)}
svg .count-bar{fill:var(--tail);fill-opacity:.55}
svg .count-label{font-size:9px;fill:var(--muted);font-variant-numeric:tabular-nums}
table.confusion{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
.confusion th{font-size:11px;font-weight:600;color:var(--muted);padding:4px 8px;max-width:140px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.confusion thead th{text-align:center}
.confusion tbody th{text-align:right}
.confusion td{min-width:68px;height:44px;padding:4px 8px;text-align:center;border:2px solid #fff;border-radius:4px}
.confusion td.hit{font-weight:700}
.confusion td.total{color:var(--muted);background:#f8fafc}
.confusion .share{display:block;font-size:10px;opacity:.85;font-weight:400}
`
