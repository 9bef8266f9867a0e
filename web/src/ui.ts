/** Small DOM helpers: every control has a visible label and works from the keyboard. */
import { ACTIVATIONS } from '../../src/activations/index.js';
import { displayName } from '../../src/figures/palette.js';
import { formulaOptions, readFormula, rememberFormula, TYPE_FORMULA } from './formulas.js';
import { allowedFor, describeAllowed, readNumber, type Allowed, type NumberOptions } from './number-range.js';
import { STATE_KEYS, type State } from './state.js';

export { allowedFor, describeAllowed, readNumber, type Allowed, type NumberOptions };

export interface Context {
  readonly state: State;
  /** Writes the state to the address (replaceState: sliders would flood the history otherwise). */
  save(): void;
  notify(message: string): void;
}

type Attrs = Record<string, string | number | boolean | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined) node.append(child);
  return node;
}

/**
 * A panel's frame: its heading, a lede, and the two columns (controls, output) that every panel
 * has; returns the columns (given ones are used as they are: the advisor's controls are a form).
 */
export function panelLayout(root: HTMLElement, title: string, lede: string, columns: { controls?: HTMLElement; output?: HTMLElement } = {}): { controls: HTMLElement; output: HTMLElement } {
  const controls = columns.controls ?? el('div', { class: 'controls' });
  const output = columns.output ?? el('div', { class: 'output' });
  root.append(el('h2', { text: title }), el('p', { class: 'lede', text: lede }), el('div', { class: 'layout' }, controls, output));
  return { controls, output };
}

let counter = 0;
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled field wrapping a control. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || uid('c');
  control.id = id;
  const wrapper = el('div', { class: 'field' }, el('label', { for: id, text: label }), control);
  if (hint) wrapper.append(el('small', { class: 'hint', text: hint }));
  return wrapper;
}

export function select<T extends string>(options: readonly (T | { value: T; label: string; group?: string })[], value: T, onChange: (value: T) => void, attrs: Attrs = {}): HTMLSelectElement {
  const node = el('select', attrs);
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const option of options) {
    const { value: v, label, group } = typeof option === 'string' ? { value: option, label: option, group: undefined } : option;
    const opt = el('option', { value: v, text: label });
    if (group) {
      let g = groups.get(group);
      if (!g) {
        g = el('optgroup', { label: group });
        groups.set(group, g);
        node.append(g);
      }
      g.append(opt);
    } else node.append(opt);
  }
  node.value = value;
  node.addEventListener('change', () => onChange(node.value as T));
  return node;
}

/**
 * Every elementwise activation (and the vector ones too, with `vector`), grouped by family, then
 * "Your own": the formulas in `chosen` and the recent ones, and "Type a formula…".
 */
export function activationOptions(vector = false, chosen: readonly string[] = []): { value: string; label: string; group: string }[] {
  return [...ACTIVATIONS.filter((a) => vector || a.kind === 'elementwise').map((a) => ({ value: a.id, label: a.name, group: a.family })), ...formulaOptions(chosen)];
}

/**
 * An activation select; its "Type a formula…" option opens a text box beside it where a formula
 * in z (with an optional `label=`) is typed: Enter takes it (a bad one is marked with the
 * parser's message and column), Escape closes the box. `exclude`: ids other rows hold.
 */
export function activationSelect(value: string, onChange: (id: string) => void, attrs: Attrs = {}, vector = false, exclude: readonly string[] = []): HTMLElement {
  const options = activationOptions(vector, [value]).filter((o) => o.value === value || !exclude.includes(o.value));
  const wrapper = el('span', { class: 'activation-choice' });
  const choice = select(options, value, (v) => {
    if (v !== TYPE_FORMULA) return onChange(v);
    choice.value = value;
    openFormulaBox(wrapper, choice, onChange);
  }, attrs);
  wrapper.append(choice);
  return wrapper;
}

function openFormulaBox(wrapper: HTMLElement, choice: HTMLSelectElement, onChange: (id: string) => void): void {
  if (wrapper.querySelector('input')) return wrapper.querySelector('input')?.focus();
  const box = el('input', { type: 'text', class: 'formula-input', spellcheck: 'false', autocomplete: 'off', placeholder: 'z*tanh(softplus(z))', 'aria-label': `formula for ${choice.getAttribute('aria-label') ?? 'activation'}` });
  validate<string>(box, (text) => {
    const reading = readFormula(text);
    return 'id' in reading ? { value: reading.id } : { message: reading.message };
  }, (id) => {
    rememberFormula(id);
    onChange(id);
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && box.getAttribute('aria-invalid') !== 'true') {
      box.remove();
      choice.focus();
    }
  });
  wrapper.append(box);
  box.focus();
}

/** A box's text read as a value, or the message that says what is allowed. */
type Read<T> = (text: string) => { value: T } | { message: string };

/**
 * Validates `box` on every change: text that `read` refuses marks the box invalid with a message
 * naming what is allowed, and is neither passed on nor written to the address, so the last good
 * result stays on screen; Escape puts the last good text back.
 */
function validate<T>(box: HTMLInputElement, read: Read<T>, accept: (value: T) => void): void {
  const message = el('small', { class: 'invalid-message', id: uid('m'), role: 'alert' });
  let good = box.value;
  const clear = () => {
    box.removeAttribute('aria-invalid');
    box.removeAttribute('aria-describedby');
    message.remove();
  };
  box.addEventListener('change', () => {
    const result = read(box.value);
    if ('message' in result) {
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', message.id);
      message.textContent = result.message;
      // Below the row that holds the box (a slider's track and box, a layer's width and activation).
      if (!message.isConnected) (box.closest('.row') ?? box).insertAdjacentElement('afterend', message);
      return;
    }
    clear();
    good = box.value;
    accept(result.value);
  });
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || box.getAttribute('aria-invalid') !== 'true') return;
    box.value = good;
    clear();
  });
}

function rangeOf(options: NumberOptions, fallback: Allowed): Allowed {
  return options.allowed ?? (options.key !== undefined ? allowedFor(options.key) : fallback);
}

/** A number box; its range is the address key's (`options.key`), else `attrs`' min, max and step 1 for integers. */
export function numberInput(value: number, onChange: (value: number) => void, attrs: Attrs = {}, options: NumberOptions = {}): HTMLInputElement {
  const allowed = rangeOf(options, {
    min: attrs.min !== undefined ? Number(attrs.min) : -Infinity,
    max: attrs.max !== undefined ? Number(attrs.max) : Infinity,
    integer: attrs.step === 1,
  });
  const node = el('input', {
    type: 'number',
    inputmode: allowed.integer ? 'numeric' : 'decimal',
    ...attrs,
    min: Number.isFinite(allowed.min) ? allowed.min : undefined,
    max: Number.isFinite(allowed.max) ? allowed.max : undefined,
    step: attrs.step ?? (allowed.integer ? 1 : 'any'),
  });
  node.value = String(value);
  validate(node, (text) => readNumber(text, allowed, options.check), onChange);
  return node;
}

/**
 * A text box for a comma-separated list of integers (layer widths), with the count and range of
 * the address key's codec: anything else is marked invalid with a message and not passed on.
 */
export function integerListInput(values: readonly number[], key: string, onChange: (values: number[]) => void, attrs: Attrs = {}): HTMLInputElement {
  const entry = STATE_KEYS.find((k) => k.key === key)?.type as { kind: string; minCount?: number; maxCount?: number } | undefined;
  if (entry?.kind !== 'integers') throw new Error(`“${key}” is not a list of integers in the address`);
  const allowed = allowedFor(key);
  const [fewest, most] = [entry.minCount as number, entry.maxCount as number];
  const node = el('input', { type: 'text', inputmode: 'numeric', ...attrs });
  node.value = values.join(',');
  const read: Read<number[]> = (text) => {
    const items = text.split(',').map((item) => item.trim());
    const widths = items.map((item) => readNumber(item, allowed));
    if (items.length < fewest || items.length > most || widths.some((w) => 'message' in w)) {
      return { message: `Enter ${fewest === most ? fewest : `${fewest} to ${most}`} comma-separated values, each ${describeAllowed(allowed)}.` };
    }
    return { value: widths.map((w) => (w as { value: number }).value) };
  };
  validate(node, read, onChange);
  return node;
}

/**
 * A slider with a number box beside it; both labelled by `label`. The box accepts what the address
 * accepts for `options.key` (the track may cover only the usual part of it), else the track's range.
 */
export function slider(label: string, value: number, range: { min: number; max: number; step: number }, onInput: (value: number) => void, hint?: string, options: NumberOptions = {}): HTMLElement {
  const id = uid('s');
  const allowed = rangeOf(options, { min: range.min, max: range.max, integer: Number.isInteger(range.step) && Number.isInteger(range.min) });
  const range_ = el('input', { type: 'range', id, min: range.min, max: range.max, step: range.step, 'aria-label': label });
  range_.value = String(value);
  const box = el('input', {
    type: 'number',
    min: Number.isFinite(allowed.min) ? allowed.min : undefined,
    max: Number.isFinite(allowed.max) ? allowed.max : undefined,
    step: allowed.integer ? 1 : 'any',
    inputmode: allowed.integer ? 'numeric' : 'decimal',
    'aria-label': `${label} (value)`,
    class: 'value',
  });
  box.value = String(value);
  range_.addEventListener('input', () => {
    box.value = range_.value;
    box.dispatchEvent(new Event('change'));
  });
  validate(box, (text) => readNumber(text, allowed, options.check), (v) => {
    range_.value = String(v);
    onInput(v);
  });
  const wrapper = el('div', { class: 'field slider' }, el('label', { for: id, text: label }), el('div', { class: 'row' }, range_, box));
  if (hint) wrapper.append(el('small', { class: 'hint', text: hint }));
  return wrapper;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): HTMLElement {
  const input = el('input', { type: 'checkbox', id: uid('cb') });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('div', { class: 'check' }, input, el('label', { for: input.id, text: label }));
}

/** A fieldset of checkboxes; returns the current selection on every change. */
export function checkboxGroup(legend: string, options: readonly { value: string; label: string }[], selected: readonly string[], onChange: (values: string[]) => void): HTMLElement {
  const set = new Set(selected);
  const fieldset = el('fieldset', { class: 'group' }, el('legend', { text: legend }));
  for (const option of options) {
    fieldset.append(
      checkbox(option.label, set.has(option.value), (on) => {
        if (on) set.add(option.value);
        else set.delete(option.value);
        onChange(options.map((o) => o.value).filter((v) => set.has(v)));
      }),
    );
  }
  return fieldset;
}

export function button(text: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const node = el('button', { type: 'button', ...attrs, text });
  node.addEventListener('click', onClick);
  return node;
}

/** A progress bar with a status line. */
export function progressBar(): { root: HTMLElement; set(fraction: number | undefined, text: string): void } {
  const bar = el('progress', { max: 1, 'aria-label': 'progress' });
  const status = el('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const root = el('div', { class: 'progress' }, bar, status);
  return {
    root,
    set(fraction, text) {
      if (fraction === undefined) bar.removeAttribute('value');
      else bar.value = fraction;
      bar.hidden = fraction === 1;
      status.textContent = text;
    },
  };
}

/** Calls `fn` after `ms` of quiet (coalesces slider drags and typing). */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Number formatting for tables: 6 significant digits, exponents when large or small. */
export function fmt(x: number, digits = 6): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a >= 1e6 || a < 1e-4 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
  return text.replace('-', '−');
}

/**
 * A small list of "activation selects" with add/remove buttons (1…max entries). An activation is
 * shown once: each select offers only those not chosen in another row (every list of the address
 * that this edits drops duplicates). `onChange` gets the list and the row that changed.
 */
export function activationList(legend: string, values: string[], max: number, onChange: (values: string[], changedAt?: number) => void, min = 1, vector = false): HTMLElement {
  const root = el('fieldset', { class: 'group list' });
  const render = (focusRow?: number) => {
    root.replaceChildren(el('legend', { text: legend }));
    values.forEach((id, i) => {
      const row = el('div', { class: 'row' });
      const choice = activationSelect(id, (v) => {
        values[i] = v;
        render(i);
        onChange([...values], i);
      }, { 'aria-label': `${legend} ${i + 1}` }, vector, values);
      row.append(choice);
      if (values.length > min) {
        row.append(
          button('×', () => {
            values.splice(i, 1);
            render();
            onChange([...values], i);
          }, { 'aria-label': `remove ${activationName(id)}`, class: 'icon' }),
        );
      }
      root.append(row);
      if (focusRow === i) queueMicrotask(() => choice.querySelector('select')?.focus());
    });
    if (values.length < max) {
      root.append(
        button('+ add', () => {
          const next = activationOptions(vector).find((o) => o.value !== TYPE_FORMULA && !values.includes(o.value))?.value ?? 'relu';
          values.push(next);
          render(values.length - 1);
          onChange([...values], values.length - 1);
        }, { class: 'add', 'aria-label': `add to ${legend}` }),
      );
    }
  };
  render();
  return root;
}

/** The display name of an activation id ("Leaky ReLU"; a formula's label or text), or the id when it is neither: what the selects show. */
export function activationName(id: string): string {
  return displayName(id);
}
