// Feedback: PatternFly's inline Alert and a transient toast.
import { type Child, h, srOnly } from './dom.ts';

export type AlertVariant = 'success' | 'danger' | 'warning' | 'info';

const VARIANT_NAME: Record<AlertVariant, string> = {
  success: 'Success',
  danger: 'Danger',
  warning: 'Warning',
  info: 'Info',
};

// PatternFly's inline Alert: the container is labelled "<Variant> Alert" and the title carries a
// screen-reader prefix "<Variant> alert:".
export function alertBox(variant: AlertVariant, title: string, body?: Child): HTMLDivElement {
  const name = VARIANT_NAME[variant];
  return h(
    'div',
    { className: `alert alert-${variant}`, 'aria-label': `${name} Alert` },
    h('h4', { className: 'alert-title' }, srOnly(`${name} alert:`), title),
    body ? h('div', { className: 'alert-body' }, body) : null,
  );
}

export function toast(text: string): void {
  const el = h('div', { className: 'toast', role: 'status' }, text);
  document.body.append(el);
  setTimeout(() => el.remove(), 8000);
}
