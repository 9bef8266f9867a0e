/**
 * Shows a chart rendered by the compute worker. Vega runs there headless (`toSVG`, as the
 * report does in Node), so parsing specs, evaluating data flow and laying out marks never
 * block the page: the main thread only inserts the finished SVG.
 */
export function showSvg(container: HTMLElement, svg: string, label: string): void {
  const started = performance.now();
  container.innerHTML = svg;
  const node = container.querySelector('svg');
  if (node) {
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', label);
  }
  container.dataset.rendered = String(Number(container.dataset.rendered ?? '0') + 1);
  performance.measure(`chart ${label}`, { start: started, end: performance.now() });
}
