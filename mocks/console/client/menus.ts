// Menus: PatternFly's ActionsColumn kebab and MenuToggle dropdowns. One menu is open at a time; a
// click anywhere else closes it (the router's document click listener calls closeMenus).
import { type Attrs, type Child, h } from './dom.ts';

export type MenuItem =
  | { label: string; description?: string; disabled?: false; onSelect: () => unknown }
  | { label: string; description?: string; disabled: true }
  | 'separator';

export function closeMenus(): void {
  for (const menu of document.querySelectorAll<HTMLElement>('[role="menu"]')) menu.hidden = true;
  for (const toggle of document.querySelectorAll('[aria-haspopup="menu"]'))
    toggle.setAttribute('aria-expanded', 'false');
}

export function menuButton(
  toggleAttrs: Attrs,
  toggleContent: Child,
  items: readonly MenuItem[],
): HTMLElement {
  const menu = h('ul', { role: 'menu', className: 'menu', hidden: true });
  for (const item of items) {
    if (item === 'separator') {
      menu.append(h('li', { role: 'separator', className: 'menu-separator' }));
      continue;
    }
    menu.append(
      h(
        'li',
        { role: 'none' },
        h(
          'button',
          {
            type: 'button',
            role: 'menuitem',
            className: 'menu-item',
            'aria-disabled': item.disabled ? 'true' : undefined,
            onclick: (event) => {
              event.stopPropagation();
              if (item.disabled) return;
              closeMenus();
              item.onSelect();
            },
          },
          item.label,
          item.description ? h('span', { className: 'menu-description' }, item.description) : null,
        ),
      ),
    );
  }
  const toggle = h(
    'button',
    {
      type: 'button',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      ...toggleAttrs,
      onclick: (event) => {
        event.stopPropagation();
        const open = menu.hidden;
        closeMenus();
        menu.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
      },
    },
    toggleContent,
  );
  return h('div', { className: 'menu-wrap' }, toggle, menu);
}

export function kebab(items: readonly MenuItem[], disabled = false): HTMLElement {
  return menuButton({ 'aria-label': 'Kebab toggle', className: 'btn plain', disabled }, '⋮', items);
}
