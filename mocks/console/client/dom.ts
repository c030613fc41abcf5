// DOM helpers: h() builds an element from attributes and children, the rest are small pieces every
// page uses (title, breadcrumb, loading text).
import { BRAND } from './config.ts';

type Leaf = Node | string | number | false | null | undefined;
/** What h() accepts as a child: nested arrays are flattened, false/null/undefined are skipped. */
export type Child = Leaf | readonly Child[];

type Listener = (event: never) => unknown;
type AttrValue = string | number | boolean | null | undefined | Listener;
/** Attributes; `on<event>` functions become listeners, false/null/undefined are left out, true is "". */
export interface Attrs {
  [name: string]: AttrValue;
  onclick?: (event: MouseEvent) => unknown;
  onsubmit?: (event: SubmitEvent) => unknown;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'className') el.className = String(value);
    else if (key === 'value') (el as HTMLElement & { value: string }).value = String(value);
    else if (key === 'checked') (el as HTMLElement & { checked: boolean }).checked = true;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  appendAll(el, children);
  return el;
}

function appendAll(el: Element, children: readonly Child[]): void {
  for (const child of (children as readonly unknown[]).flat(Infinity) as Leaf[]) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** replaceChildren that, like h(), skips null/false children instead of printing "null". */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  appendAll(el, children);
}

export function srOnly(text: string): HTMLSpanElement {
  return h('span', { className: 'sr-only' }, text);
}

export function setTitle(title: string): void {
  document.title = `${title} | ${BRAND}`;
}

export function pluralize(word: string, count: number): string {
  return count === 1 ? word.replace(/s$/, '') : word;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** [label, href]; the item without href is the current page. */
export type Crumb = readonly [string, string | undefined];

export function breadcrumb(items: readonly Crumb[]): HTMLElement {
  return h(
    'nav',
    { 'aria-label': 'Breadcrumb', className: 'breadcrumb' },
    h(
      'ol',
      {},
      items.map(([label, href]) =>
        h('li', {}, href ? h('a', { href }, label) : h('span', { 'aria-current': 'page' }, label)),
      ),
    ),
  );
}

export function loading(): HTMLDivElement {
  return h('div', { className: 'loading' }, 'Loading...');
}
