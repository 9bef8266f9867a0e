/**
 * Writing the report to disk: `index.html` (self-contained, offline: figures inline as SVG),
 * `report.md`, `figures/*.svg`, `*.png` and `*.vl.json`, and `results.json`. Everything goes
 * into a staging folder beside the destination, which is renamed onto it once complete
 * (destination.ts): the destination holds the whole earlier report or the whole new one, never
 * a mix, and a failure leaves it as it was.
 * @module
 */
import { renderSvg, svgToPng } from '../figures/render.js';
import type { Report } from './build.js';
import { openDestination, type ReportDestination } from './destination.js';

/**
 * One turn of the event loop. Signals reach JavaScript only when the loop polls; a run of
 * synchronous writes (and promises that resolve at once, as Vega's rendering does) never polls,
 * and a SIGINT or SIGTERM sent meanwhile would be lost at exit. A turn between the steps lets the
 * CLI's handler run in time.
 */
const turn = () => new Promise<void>((resolveTurn) => setImmediate(resolveTurn));

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Renders the report, writes it into the destination's staging folder and commits it (one
 * rename); returns the files written. `destination` is a folder path (checked, see
 * {@link openDestination}) or an open destination. On any error the staging folder is removed
 * and the destination is left as it was.
 */
export async function writeReport(report: Report, destination: string | ReportDestination, progress?: (label: string) => void): Promise<string[]> {
  const target = typeof destination === 'string' ? openDestination(destination) : destination;
  try {
    const written = await writeFiles(report, target, progress);
    await turn();
    target.commit();
    return written;
  } catch (error) {
    target.discard();
    throw error;
  }
}

/** The report as Markdown: the table, the corrections, the figures (PNG) and every printout. */
function reportMarkdown(report: Report): string {
  const tableMd = [
    '| Activation | Range | Derivative Range | Zero-Centered | Saturates | Chapter check |',
    '|---|---|---|---|---|---|',
    ...report.table.map((r) => `| ${r.label} | ${r.range} | ${r.derivativeRange} | ${r.zeroCentered} | ${r.saturates} | ${r.check} |`),
  ].join('\n');
  return [
    '# actlab report',
    '',
    `Generated ${report.generated} with rng ${report.rng}, seed ${report.seed}${report.rng === 'numpy' && report.seed === 42 ? ' (textbook mode: the chapter’s own random numbers)' : ''}.`,
    '',
    '## The property table, regenerated',
    '',
    tableMd,
    '',
    '## Corrections to the chapter',
    '',
    ...report.corrections.map((c) => `- ${c}`),
    '',
    '## Figures',
    '',
    ...report.figures.flatMap((f) => [`### ${f.title}`, '', `![${f.title}](figures/${f.name}.png)`, '']),
    '## Experiments',
    '',
    ...report.sections.flatMap((s) => [`### ${s.title} (\`${s.experiment}\`, ${s.seconds.toFixed(1)} s)`, '', '```text', s.printout, '```', '']),
  ].join('\n');
}

/** The report as one HTML page, the figures inlined as SVG. */
function reportHtml(report: Report, svgs: Readonly<Record<string, string>>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>actlab report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
pre{background:#f6f8fa;padding:0.8em;overflow-x:auto;font-size:0.85em}
table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;padding:0.3em 0.5em;text-align:left}
figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}figcaption{font-weight:600;margin-bottom:0.4em}
</style></head><body>
<h1>actlab report</h1>
<p>Generated ${escapeHtml(report.generated)} with rng <code>${report.rng}</code>, seed ${report.seed}${report.rng === 'numpy' && report.seed === 42 ? ' (textbook mode: the chapter’s own random numbers)' : ''}.</p>
<h2>The property table, regenerated</h2>
<table><thead><tr><th>Activation</th><th>Range</th><th>Derivative Range</th><th>Zero-Centered</th><th>Saturates</th><th>Chapter check</th></tr></thead><tbody>
${report.table.map((r) => `<tr><td>${escapeHtml(r.label)}</td><td>${escapeHtml(r.range)}</td><td>${escapeHtml(r.derivativeRange)}</td><td>${escapeHtml(r.zeroCentered)}</td><td>${escapeHtml(r.saturates)}</td><td>${escapeHtml(r.check)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Corrections to the chapter</h2>
<ul>${report.corrections.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n')}</ul>
<h2>Figures</h2>
${report.figures.map((f) => `<figure><figcaption>${escapeHtml(f.title)}</figcaption>${svgs[f.name] ?? ''}</figure>`).join('\n')}
<h2>Experiments</h2>
${report.sections.map((s) => `<h3>${escapeHtml(s.title)} <small>(<code>${s.experiment}</code>, ${s.seconds.toFixed(1)} s)</small></h3>\n<pre>${escapeHtml(s.printout)}</pre>`).join('\n')}
</body></html>
`;
}

async function writeFiles(report: Report, destination: ReportDestination, progress?: (label: string) => void): Promise<string[]> {
  const save = async (path: string, data: string | Uint8Array) => {
    await turn();
    destination.write(path, data);
  };
  const written: string[] = [];
  const svgs: Record<string, string> = {};
  for (const figure of report.figures) {
    progress?.(`figure ${figure.name}`);
    const svg = await renderSvg(figure.spec);
    svgs[figure.name] = svg;
    await save(`figures/${figure.name}.svg`, svg);
    await save(`figures/${figure.name}.png`, svgToPng(svg));
    await save(`figures/${figure.name}.vl.json`, JSON.stringify(figure.spec, null, 1));
    written.push(`figures/${figure.name}.svg`, `figures/${figure.name}.png`, `figures/${figure.name}.vl.json`);
  }

  const md = reportMarkdown(report);
  await save('report.md', md);
  written.push('report.md');

  const html = reportHtml(report, svgs);
  await save('index.html', html);
  written.push('index.html');

  const json = JSON.stringify(
    { ...report, figures: report.figures.map((f) => ({ name: f.name, title: f.title })) },
    (_k, v) => (v instanceof Float64Array || v instanceof Float32Array ? Array.from(v) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    1,
  );
  await save('results.json', json);
  written.push('results.json');
  return written;
}
