/**
 * The stylesheet every Shipyard HTML report starts from: system fonts only, light, print-friendly.
 * It styles the page frame (`renderHtmlPage`), panels, cards, summary tables, `<dl class="stats">`
 * and the SVG chart kit (axes, grid, bars, line series `s1`/`s2`, reference lines, legends, points).
 * A report appends its own rules; nothing here imports or `url()`s anything.
 */
export const BASE_CSS = `
:root{--bg:#f4f6f9;--card:#fff;--ink:#1d2733;--muted:#6b7785;--line:#e3e8ef;--accent:#3867d6;--second:#e8590c;--good:#12b76a;--tail:#a9b4c2;--missing:#e3a33b;--flag:#b54708;--flag-bg:#fff4e5}
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
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:20px}
.card{padding:16px 18px;overflow:hidden}
svg.chart{display:block;max-width:100%;height:auto;margin:4px 0 10px}
svg .bar{fill:var(--accent)}
svg rect.bar:hover,svg g.row:hover .bar{opacity:.8}
svg .axis,svg .value{font-size:11px;fill:var(--muted);font-variant-numeric:tabular-nums}
svg .axis-title{font-size:12px;fill:var(--ink)}
svg .label{font-size:12px;fill:var(--ink)}
svg .empty{font-size:13px;fill:var(--muted)}
svg .baseline{stroke:#98a2b3;stroke-width:1}
svg .grid{stroke:var(--line);stroke-dasharray:3 3}
svg .tick{stroke:#98a2b3}
svg .series{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .series.s1{stroke:var(--accent)}
svg .series.s2{stroke:var(--second)}
svg .reference{fill:none;stroke:#98a2b3;stroke-width:1.2;stroke-dasharray:5 4}
svg .points{fill:var(--accent);fill-opacity:.4}
svg .legend-box{fill:#fff;fill-opacity:.9;stroke:var(--line)}
svg .legend{font-size:11px;fill:var(--ink)}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(125px,1fr));gap:8px 16px;margin:0;font-variant-numeric:tabular-nums}
.stats dt{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.stats dd{margin:0;font-weight:600;overflow-wrap:anywhere}
@media print{body{background:#fff}.card,.panel{box-shadow:none;break-inside:avoid}}
`
