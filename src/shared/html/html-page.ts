import { escapeHtml } from './html-format.js'

/** The parts of a self-contained report page; `renderHtmlPage` supplies the rest. */
export interface HtmlPage {
  /** The page title and heading, as plain text (escaped here). */
  readonly title: string
  /** The small line above the heading, as plain text: `Shipyard data profile`. */
  readonly kicker: string
  /** Header facts as `[name, valueHtml]`: the name is plain text, the value already-escaped markup. */
  readonly facts: readonly (readonly [string, string])[]
  /** The whole stylesheet, inlined: it must not import or `url()` anything. */
  readonly css: string
  /** The markup inside `<main>`. */
  readonly mainHtml: string
}

/**
 * One self-contained HTML page (inline CSS; no script, font, image or network request), so a report
 * opens offline and can be stored as a run artifact: doctype, head, a header with kicker, heading and
 * facts, then `mainHtml`.
 */
export function renderHtmlPage(page: HtmlPage): string {
  const title = escapeHtml(page.title)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${page.css}</style>
</head>
<body>
<header><p class="kicker">${escapeHtml(page.kicker)}</p><h1>${title}</h1><dl class="facts">${page.facts.map(([name, value]) => factHtml(name, value)).join('')}</dl></header>
<main>
${page.mainHtml}
</main>
</body>
</html>
`
}

/** One name/value pair of a `<dl>` (header facts, statistics): the name plain text, the value markup. */
export function factHtml(name: string, valueHtml: string): string {
  return `<div><dt>${escapeHtml(name)}</dt><dd>${valueHtml}</dd></div>`
}
