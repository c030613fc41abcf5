// A confirmation dialog (PatternFly Modal, variant small): confirm runs onConfirm, then closes.
import { h } from './dom.ts';

export interface ConfirmModalOptions {
  /** The dialog's accessible name. */
  label: string;
  title: string;
  body?: string;
  confirm: string;
  onConfirm: () => Promise<unknown>;
}

export function confirmModal({ label, title, body, confirm, onConfirm }: ConfirmModalOptions): void {
  const overlay = h('div', { className: 'backdrop' });
  const close = () => overlay.remove();
  const confirmButton = h(
    'button',
    {
      type: 'button',
      className: 'btn danger',
      onclick: async () => {
        confirmButton.disabled = true;
        try {
          await onConfirm();
        } finally {
          close();
        }
      },
    },
    confirm,
  );
  overlay.append(
    h(
      'div',
      { role: 'dialog', 'aria-modal': 'true', 'aria-label': label, className: 'modal' },
      h('h2', {}, title),
      body ? h('p', {}, body) : null,
      h(
        'div',
        { className: 'modal-actions' },
        confirmButton,
        h('button', { type: 'button', className: 'btn link', onclick: close }, 'Cancel'),
      ),
    ),
  );
  document.body.append(overlay);
}
