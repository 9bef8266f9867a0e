/**
 * `actlab run … --figure FILE.svg|FILE.png`: the experiment's figure (the one the report draws
 * from it), written when the run ends. The path is checked before the run starts; the file is
 * written beside its destination and renamed onto it, so an interrupted run leaves none.
 * @module
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { CHAPTER_FIGURES, drawChapterFigure } from '../figures/chapter.js';
import { fashionMnistFigure } from '../figures/fashion-mnist-figure.js';
import type { FashionMnistResult } from '../experiments/fashion-mnist.js';
import { UsageError } from './args.js';

/** Experiments with a figure of their own (drawn from their result alone). */
export const FIGURE_EXPERIMENTS: readonly string[] = ['fashion-mnist', ...CHAPTER_FIGURES.filter((f) => f.needs.length === 1).map((f) => f.needs[0] as string)];

/**
 * Checks `--figure`'s path before any work: a known experiment with a figure, an .svg or .png
 * name, an existing folder.
 * @throws {UsageError} saying what is allowed
 */
export function checkFigurePath(id: string, path: string): string {
  if (!FIGURE_EXPERIMENTS.includes(id)) throw new UsageError(`--figure: ${id} has no figure of its own; these do: ${FIGURE_EXPERIMENTS.join(', ')}`);
  const kind = extname(path).toLowerCase();
  if (kind !== '.svg' && kind !== '.png') throw new UsageError(`--figure must name an .svg or .png file, got "${path}"`);
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--figure: no folder ${folder} to write ${path} in`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--figure: ${path} is a folder; name a file`);
  for (const name of FIGURE_PACKAGES.slice(0, 3)) {
    try {
      import.meta.resolve(name);
    } catch {
      throw new UsageError(`--figure renders with ${FIGURE_PACKAGES.join(', ')} and ${name} is not installed: they are optional peers of actlab, not installed with it: npm install ${FIGURE_PACKAGES.join(' ')}`);
    }
  }
  return path;
}

/** The optional peers that render figures (loaded only when a figure is asked for); the font package has no entry to resolve. */
const FIGURE_PACKAGES = ['vega', 'vega-lite', '@resvg/resvg-js', 'dejavu-fonts-ttf'] as const;

/** The experiment's figure from its result. */
export function figureOf(id: string, result: unknown): TopLevelSpec | undefined {
  if (id === 'fashion-mnist') return fashionMnistFigure(result as FashionMnistResult);
  const figure = CHAPTER_FIGURES.find((f) => f.needs.length === 1 && f.needs[0] === id);
  return figure ? drawChapterFigure(figure, (experiment) => (experiment === id ? result : undefined)) : undefined;
}

/** Renders the figure and writes it to `path` (SVG or PNG by its extension) in one rename. */
export async function writeFigure(id: string, result: unknown, path: string): Promise<void> {
  const spec = figureOf(id, result);
  if (!spec) throw new UsageError(`--figure: ${id}'s result has nothing to draw`);
  // Loaded here, not at start-up: the CLI works without the figure packages (optional peers).
  const { renderSvg, svgToPng } = await import('../figures/render.js');
  const svg = await renderSvg(spec);
  const bytes = extname(path).toLowerCase() === '.png' ? svgToPng(svg) : svg;
  const staging = `${resolve(path)}.partial-${process.pid}`;
  try {
    writeFileSync(staging, bytes);
    renameSync(staging, path);
  } finally {
    rmSync(staging, { force: true });
  }
}
