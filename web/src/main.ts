/** The explorer's shell: tabs, the address as state, the notice line, lazy panels. */
import '../../src/formula/install.js'; // formulas wherever an activation is named
import './style.css';
import { analysis, primeFor } from './compute.js';
import { PANELS, PANEL_TITLES, parseState, serializeState, type PanelId, type State } from './state.js';
import { button, el, type Context } from './ui.js';

type Mount = (root: HTMLElement, ctx: Context) => void;
const LOADERS: Readonly<Record<PanelId, () => Promise<{ mount: Mount }>>> = {
  gallery: () => import('./panels/gallery.js'),
  flow: () => import('./panels/flow.js'),
  dead: () => import('./panels/dead.js'),
  selu: () => import('./panels/selu.js'),
  playground: () => import('./panels/playground.js'),
  data: () => import('./panels/real-data.js'),
  advisor: () => import('./panels/advisor.js'),
  figures: () => import('./panels/figures.js'),
};

const tabs = document.getElementById('tabs') as HTMLElement;
const panels = document.getElementById('panels') as HTMLElement;
const notice = document.getElementById('notice') as HTMLElement;

const parsed = parseState(location.search);
const state: State = parsed.state;
// The compute workers the first panel needs start now, while its code loads: each takes ~0.3 s
// to start, and the panel's first result waits for them.
primeFor(state.panel);

const shown: string[] = [];
function showNotices(messages: readonly string[]): void {
  if (messages.length === 0) return;
  if (notice.hidden) shown.length = 0;
  shown.push(...messages);
  notice.replaceChildren(
    el('strong', { text: 'Some settings in the address were not understood. ' }),
    el('ul', {}, ...shown.slice(0, 8).map((m) => el('li', { text: m }))),
    button('Dismiss', () => {
      notice.hidden = true;
    }, { class: 'dismiss' }),
  );
  notice.hidden = false;
}

function save(): void {
  const query = serializeState(state);
  const url = `${location.pathname}${query ? `?${query}` : ''}`;
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}

const ctx: Context = {
  state,
  save,
  notify: (message) => showNotices([message]),
};

const mounted = new Set<PanelId>();
const tabButtons = new Map<PanelId, HTMLButtonElement>();
const panelRoots = new Map<PanelId, HTMLElement>();

for (const id of PANELS) {
  const tab = el('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, text: PANEL_TITLES[id] });
  tab.addEventListener('click', () => select(id, true));
  tab.addEventListener('keydown', (event) => {
    const index = PANELS.indexOf(id);
    let next: number | undefined;
    if (event.key === 'ArrowRight') next = (index + 1) % PANELS.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + PANELS.length) % PANELS.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = PANELS.length - 1;
    if (next !== undefined) {
      event.preventDefault();
      const target = PANELS[next] as PanelId;
      select(target, true);
      tabButtons.get(target)?.focus();
    }
  });
  tabs.append(tab);
  tabButtons.set(id, tab);
  const root = el('section', { role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, class: 'panel', 'data-panel': id });
  root.hidden = true;
  panels.append(root);
  panelRoots.set(id, root);
}

function select(id: PanelId, fromUser: boolean): void {
  state.panel = id;
  for (const [key, tab] of tabButtons) {
    const active = key === id;
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
    const root = panelRoots.get(key) as HTMLElement;
    if (root.hidden === active) {
      root.hidden = !active;
      root.dispatchEvent(new CustomEvent('visibility', { detail: active }));
    }
  }
  tabButtons.get(id)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (fromUser) save();
  if (!mounted.has(id)) {
    mounted.add(id);
    const root = panelRoots.get(id) as HTMLElement;
    root.append(el('p', { class: 'loading', text: 'Loading…' }));
    LOADERS[id]()
      .then(({ mount }) => {
        root.replaceChildren();
        mount(root, ctx);
      })
      .catch((error: unknown) => {
        root.replaceChildren(el('p', { class: 'error', role: 'alert', text: `This panel failed to load: ${error instanceof Error ? error.message : String(error)}` }));
      });
  }
}

showNotices(parsed.notices);
select(state.panel, false);
save();
window.addEventListener('popstate', () => location.reload());

/** The footer names the WebAssembly module the workers run (relaxed SIMD where the browser has it), once the page is idle. */
function showWasmModule(): void {
  const footer = document.querySelector<HTMLElement>('footer.foot');
  const names: Record<string, string> = {
    relaxed: 'WebAssembly kernels: relaxed SIMD (fused multiply-add).',
    strict: 'WebAssembly kernels: SIMD (no relaxed SIMD in this browser).',
    none: 'WebAssembly kernels unavailable: the TypeScript kernels run.',
  };
  void analysis.request<string>({ kind: 'wasm-module' }).then((kind) => {
    if (!footer) return;
    footer.dataset.wasmModule = kind;
    footer.append(' ', el('span', { class: 'wasm-module', text: names[kind] ?? kind }));
  }, () => {});
}
if ('requestIdleCallback' in window) requestIdleCallback(showWasmModule, { timeout: 3000 });
else setTimeout(showWasmModule, 1000);
