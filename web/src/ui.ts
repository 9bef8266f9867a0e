/** Small DOM helpers: every control has a visible label and works from the keyboard. */
import { ACTIVATIONS } from '../../src/activations/index.js';
import type { State } from './state.js';

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

/** Every elementwise activation (and the vector ones too, with `vector`), grouped by family. */
export function activationOptions(vector = false): { value: string; label: string; group: string }[] {
  return ACTIVATIONS.filter((a) => vector || a.kind === 'elementwise').map((a) => ({ value: a.id, label: a.name, group: a.family }));
}

export function activationSelect(value: string, onChange: (id: string) => void, attrs: Attrs = {}, vector = false): HTMLSelectElement {
  return select(activationOptions(vector), value, onChange, attrs);
}

export function numberInput(value: number, onChange: (value: number) => void, attrs: Attrs = {}): HTMLInputElement {
  const node = el('input', { type: 'number', inputmode: 'decimal', ...attrs });
  node.value = String(value);
  node.addEventListener('change', () => {
    const v = Number(node.value);
    const min = attrs.min !== undefined ? Number(attrs.min) : -Infinity;
    const max = attrs.max !== undefined ? Number(attrs.max) : Infinity;
    if (node.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (attrs.step === 1 && !Number.isInteger(v))) {
      node.setAttribute('aria-invalid', 'true');
      return;
    }
    node.removeAttribute('aria-invalid');
    onChange(v);
  });
  return node;
}

/** A slider with a number box beside it; both labelled by `label`. */
export function slider(label: string, value: number, range: { min: number; max: number; step: number }, onInput: (value: number) => void, hint?: string): HTMLElement {
  const id = uid('s');
  const range_ = el('input', { type: 'range', id, min: range.min, max: range.max, step: range.step, 'aria-label': label });
  range_.value = String(value);
  const box = el('input', { type: 'number', min: range.min, max: range.max, step: 'any', 'aria-label': `${label} (value)`, class: 'value' });
  box.value = String(value);
  range_.addEventListener('input', () => {
    box.value = range_.value;
    onInput(Number(range_.value));
  });
  box.addEventListener('change', () => {
    const v = Number(box.value);
    if (!Number.isFinite(v) || box.value.trim() === '') {
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    box.removeAttribute('aria-invalid');
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

/** A small list of "activation selects" with add/remove buttons (1…max entries). */
export function activationList(legend: string, values: string[], max: number, onChange: (values: string[]) => void, min = 1, vector = false): HTMLElement {
  const root = el('fieldset', { class: 'group list' });
  const render = () => {
    root.replaceChildren(el('legend', { text: legend }));
    values.forEach((id, i) => {
      const row = el('div', { class: 'row' });
      row.append(
        activationSelect(id, (v) => {
          values[i] = v;
          onChange([...values]);
        }, { 'aria-label': `${legend} ${i + 1}` }, vector),
      );
      if (values.length > min) {
        row.append(
          button('×', () => {
            values.splice(i, 1);
            render();
            onChange([...values]);
          }, { 'aria-label': `remove ${id}`, class: 'icon' }),
        );
      }
      root.append(row);
    });
    if (values.length < max) {
      root.append(
        button('+ add', () => {
          const next = activationOptions().find((o) => !values.includes(o.value))?.value ?? 'relu';
          values.push(next);
          render();
          onChange([...values]);
        }, { class: 'add', 'aria-label': `add to ${legend}` }),
      );
    }
  };
  render();
  return root;
}
