/**
 * The Gallery's "Your own" box: a formula in z typed in and checked as it is typed. A good one
 * joins the gallery's curves (in the slot the box holds) and its property sheet is shown; a bad
 * one marks the box with the parser's message and a caret under its column, and the last good
 * curves stay on screen. Recent formulas sit beside it, and "Race it" opens the Playground with
 * the formula racing ReLU (from the same seed).
 */
import { FORMULA_BUILTINS } from '../../../src/formula/index.js';
import { isFormulaId, readFormula, recentFormulas, rememberFormula } from '../formulas.js';
import { MAX_OVERLAY, serializeState, type GalleryState } from '../state.js';
import { activationName, button, debounce, el, uid, type Context } from '../ui.js';

/** How long typing must pause before a formula is drawn (keeps each keystroke's parse cheap and the worker calm). */
const TYPING_PAUSE_MS = 120;

/** Puts `id` in the box's slot of the gallery (replacing the formula it held, else added, else the last); returns its index. */
export function placeFormula(g: GalleryState, previous: string | undefined, id: string): number {
  const existing = g.acts.indexOf(id);
  if (existing >= 0) return existing;
  const slot = previous === undefined ? -1 : g.acts.indexOf(previous);
  const at = slot >= 0 ? slot : g.acts.length < MAX_OVERLAY ? g.acts.length : g.acts.length - 1;
  const replaced = g.acts[at];
  if (replaced !== undefined) delete g.params[replaced];
  g.acts[at] = id;
  return at;
}

/** The address of the Playground racing `id` against ReLU, everything else as it is now. */
export function raceAddress(ctx: Context, id: string): string {
  const next = structuredClone(ctx.state);
  next.panel = 'playground';
  next.playground.race = id === 'relu' ? ['relu', 'tanh'] : ['relu', id];
  const query = serializeState(next);
  return `${location.pathname}${query ? `?${query}` : ''}`;
}

/** The message with the formula's text and a caret under the column it names. */
function errorView(text: string, message: string, column: number | undefined): (Node | string)[] {
  if (column === undefined || column < 1) return [message];
  const shown = text.length > 80 ? text.slice(Math.max(0, column - 40), column + 40) : text;
  const caretAt = text.length > 80 ? Math.min(column - 1, 39) : column - 1;
  return [message, el('pre', { class: 'formula-caret', 'aria-hidden': 'true', text: `${shown}\n${' '.repeat(caretAt)}^` })];
}

/** The recent formulas as buttons in `root`. */
function recentChips(root: HTMLElement, pick: (formula: string) => void): void {
  const formulas = recentFormulas();
  root.replaceChildren(...(formulas.length ? [el('span', { class: 'hint', text: 'Recent: ' })] : []),
    ...formulas.map((formula) => button(activationName(formula), () => pick(formula), { class: 'chip', title: formula, 'aria-label': `use ${formula}` })));
}

/**
 * The box, its message, the recent formulas and the race link. `placed(index)` is called after a
 * good formula was put in the gallery at `index` (the gallery redraws its lists and curves).
 */
export function formulaBox(ctx: Context, g: GalleryState, placed: (index: number) => void): HTMLElement {
  let own = [...g.acts].reverse().find(isFormulaId);
  const id = uid('formula');
  const box = el('input', { type: 'text', id: 'gallery-formula', class: 'formula-input', spellcheck: 'false', autocomplete: 'off', autocapitalize: 'off', placeholder: 'z*tanh(softplus(z))', 'aria-describedby': `${id}-hint` });
  box.value = own ?? '';
  const message = el('div', { class: 'invalid-message', id: `${id}-message`, role: 'alert' });
  message.hidden = true;
  const race = el('a', { class: 'button race-it', id: 'gallery-race', text: 'Race it against ReLU →' });
  const recent = el('div', { class: 'recent-formulas' });

  const showRace = () => {
    race.hidden = own === undefined;
    if (own !== undefined) race.setAttribute('href', raceAddress(ctx, own));
  };
  const apply = (text: string, remember: boolean): void => {
    const read = readFormula(text);
    const reading = 'id' in read && !isFormulaId(read.id) ? { message: `${read.name} is a registered activation: pick it in the list above, or write a formula in z` } : read;
    if ('message' in reading) {
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', `${id}-message ${id}-hint`);
      message.replaceChildren(...errorView(text, reading.message, 'column' in reading ? reading.column : undefined));
      message.hidden = false;
      return;
    }
    box.removeAttribute('aria-invalid');
    box.setAttribute('aria-describedby', `${id}-hint`);
    message.hidden = true;
    if (remember) {
      rememberFormula(reading.id);
      renderRecent();
    }
    if (reading.id === own && g.acts.includes(own)) return;
    const index = placeFormula(g, own, reading.id);
    own = reading.id;
    g.focus = index;
    showRace();
    placed(index);
  };
  const renderRecent = () =>
    recentChips(recent, (formula) => {
      box.value = formula;
      apply(formula, true);
    });

  const typed = debounce(() => apply(box.value, false), TYPING_PAUSE_MS);
  box.addEventListener('input', typed);
  box.addEventListener('change', () => apply(box.value, true));
  race.addEventListener('click', () => {
    if (own === undefined) return;
    rememberFormula(own);
    race.setAttribute('href', raceAddress(ctx, own));
  });
  renderRecent();
  showRace();
  return el('fieldset', { class: 'group your-own' }, el('legend', { text: 'Your own' }), el('label', { for: box.id, text: 'f(z) =' }), box, message, race, hint(`${id}-hint`), recent);
  // The race link sits above the recent list: leaving the box (to click it) remembers the formula and adds a chip, which must not move the link under the pointer.
}

function hint(id: string): HTMLElement {
  // The function list is the parser's own, so the hint cannot fall behind it.
  return el('small', { class: 'hint', id, text: `A formula in z: + − * / ^, < <= > >= == !=, pi, e, ${FORMULA_BUILTINS.join(', ')}, and any activation by its id (softplus(z), gelu(z)). “name=…” labels it.` });
}
