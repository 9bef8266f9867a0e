/** Renders a (compiled) Vega spec into a container, replacing the previous view. */
import { parse, View, type Spec } from 'vega';

const views = new WeakMap<HTMLElement, View>();

export async function renderVega(container: HTMLElement, spec: unknown, label: string): Promise<void> {
  views.get(container)?.finalize();
  const view = new View(parse(spec as Spec), { renderer: 'svg', container, hover: true });
  views.set(container, view);
  await view.runAsync();
  const svg = container.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  }
  container.dataset.rendered = String(Number(container.dataset.rendered ?? '0') + 1);
}
