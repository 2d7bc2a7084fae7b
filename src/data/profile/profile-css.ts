/** The report's whole stylesheet, inlined into the page: system fonts only, light, print-friendly. */
export const PROFILE_CSS = `
:root{--bg:#f4f6f9;--card:#fff;--ink:#1d2733;--muted:#6b7785;--line:#e3e8ef;--accent:#3867d6;--tail:#a9b4c2;--missing:#e3a33b;--flag:#b54708;--flag-bg:#fff4e5}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{padding:28px 40px 20px;background:linear-gradient(120deg,#1f3a68,#3867d6);color:#fff}
header h1{margin:2px 0 14px;font-size:26px;font-weight:650;word-break:break-all}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:11px;opacity:.8}
.facts{display:flex;flex-wrap:wrap;gap:10px 36px;margin:0}
.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;opacity:.75}
.facts dd{margin:0;font-size:18px;font-weight:600}
.facts code{font-size:12px;font-weight:400;word-break:break-all}
main{padding:24px 40px 48px;max-width:1320px}
h2{font-size:16px;margin:0 0 12px}
.panel,.card{background:var(--card);border:1px solid var(--line);border-radius:10px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.panel{padding:18px 20px;margin-bottom:24px}
.scroll{overflow-x:auto}
table.summary{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
.summary th{text-align:left;font-size:11px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;padding:6px 10px;border-bottom:2px solid var(--line)}
.summary td{padding:6px 10px;border-bottom:1px solid var(--line);white-space:nowrap;max-width:260px;overflow:hidden;text-overflow:ellipsis}
.summary tr:hover td{background:#f8faff}
.summary .num{text-align:right}
.summary a{color:var(--accent);text-decoration:none;font-weight:600}
.muted{color:var(--muted);font-size:12px}
.type{display:inline-block;padding:1px 8px;border-radius:999px;font-size:11px;font-weight:600;background:#eef2ff;color:#3538cd}
.type.categorical{background:#ecfdf3;color:#027a48}.type.boolean{background:#fdf2fa;color:#c11574}
.type.datetime{background:#fef6ee;color:#b93815}.type.text{background:#f2f4f7;color:#344054}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:20px}
.card{padding:16px 18px;overflow:hidden}
.card-head{display:flex;align-items:center;gap:10px;margin-bottom:8px;flex-wrap:wrap}
.card-head h3{margin:0;font-size:16px;word-break:break-all}
.flag{font-size:11px;font-weight:600;color:var(--flag);background:var(--flag-bg);border-radius:999px;padding:1px 8px}
svg.chart{display:block;max-width:100%;height:auto;margin:4px 0 10px}
svg .bar{fill:var(--accent)}
svg .bar.tail,svg .muted .bar{fill:var(--tail)}
svg .missing .bar{fill:var(--missing)}
svg rect.bar:hover,svg g.row:hover .bar{opacity:.8}
svg .axis,svg .value{font-size:11px;fill:var(--muted);font-variant-numeric:tabular-nums}
svg .label{font-size:12px;fill:var(--ink)}
svg .empty{font-size:13px;fill:var(--muted)}
svg .baseline{stroke:#98a2b3;stroke-width:1}
svg .grid{stroke:var(--line);stroke-dasharray:3 3}
svg .tick{stroke:#98a2b3}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(125px,1fr));gap:8px 16px;margin:0;font-variant-numeric:tabular-nums}
.stats dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.stats dd{margin:0;font-weight:600;overflow-wrap:anywhere}
@media print{body{background:#fff}.card,.panel{box-shadow:none;break-inside:avoid}}
`
