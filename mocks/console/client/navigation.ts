// Client-side navigation: history entries, and which render is current. The router registers how a
// path is rendered; pages only navigate, so they need not import the router (which imports them).
let renderId = 0;
let renderer: () => void = () => {};

export function setRenderer(render: () => void): void {
  renderer = render;
}

export function navigate(to: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  renderer();
}

/** Starts a render; a page drawing after an await checks isCurrent(id) so a stale render draws nothing. */
export function nextRenderId(): number {
  return ++renderId;
}

export function isCurrent(id: number): boolean {
  return id === renderId;
}
