// The login page (Containers/Login/LoginPage.jsx): pick an auth provider, and for the basic one
// exchange username and password for a token (POST /v1/authProviders/exchangeToken).
import { alertBox } from './alerts.ts';
import { BRAND, T } from './config.ts';
import { h, loading, setTitle } from './dom.ts';
import { isCurrent } from './navigation.ts';
import { clearToken, getToken, storeToken, takeReturnPath } from './session.ts';

/** An entry of GET /v1/login/authproviders. */
interface AuthProvider {
  id: string;
  name: string;
  type: string;
}

interface ExchangeTokenAnswer {
  token?: string;
  error?: string;
  message?: string;
  error_description?: string;
}

export async function loginPage(id: number): Promise<void> {
  setTitle('Login');
  const body = h('div', { className: 'login-body' }, loading());
  document
    .getElementById('app')!
    .replaceChildren(h('div', { className: 'login' }, h('div', { className: 'login-brand' }, BRAND), body));

  let providers: AuthProvider[];
  try {
    const res = await fetch('/v1/login/authproviders', { headers: { Accept: 'application/json' } });
    providers = ((await res.json()) as { authProviders?: AuthProvider[] }).authProviders ?? [];
  } catch (err) {
    body.replaceChildren(alertBox('danger', 'Could not load auth providers', String(err)));
    return;
  }
  if (!isCurrent(id)) return;

  const token = getToken();
  if (token) {
    const status = await fetch('/v1/auth/status', { headers: { Authorization: `Bearer ${token}` } });
    if (!isCurrent(id)) return;
    if (status.ok) {
      body.replaceChildren(
        h('h2', {}, T.loginHeading),
        h('a', { href: '/main/dashboard' }, 'Go to Dashboard'),
      );
      return;
    }
    clearToken();
  }

  let selected = providers[0];
  let busy = false;
  const errorBox = h('div', { className: 'login-error' });
  // Labelled by plain divs, exactly as Components/Labeled/Labeled.jsx does (no for/id association).
  const username = h('input', { type: 'text', name: 'username', autocomplete: 'username' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password' });
  const labeled = (key: string, input: HTMLElement) =>
    h(
      'div',
      { className: 'labeled' },
      h('div', { 'data-testid': 'labeled-key' }, key),
      h('div', { 'data-testid': 'labeled-value' }, input),
    );
  const basicBlock = h('div', {}, labeled('Username', username), labeled('Password', password));
  const submit = h('button', { type: 'submit', className: 'btn primary block' }, T.loginButton);
  const update = () => {
    basicBlock.hidden = selected?.type !== 'basic';
    submit.disabled =
      busy || !selected || (selected.type === 'basic' && (!username.value || !password.value));
  };
  username.addEventListener('input', update);
  password.addEventListener('input', update);

  const form = h(
    'form',
    { className: 'login-form', novalidate: true },
    h('h2', {}, T.loginHeading),
    errorBox,
    labeled(
      T.authProviderLabel,
      providerSelect(providers, selected, (p) => {
        selected = p;
        update();
      }),
    ),
    basicBlock,
    submit,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Submit is disabled without a provider, so the form cannot be submitted then.
    const provider = selected;
    if (!provider) return;
    busy = true;
    update();
    errorBox.replaceChildren();
    try {
      const external = new URLSearchParams({ username: username.value, password: password.value }).toString();
      const res = await fetch('/v1/authProviders/exchangeToken', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ external_token: external, type: provider.type, state: provider.id }),
      });
      const json: ExchangeTokenAnswer = await res.json().catch(() => ({}));
      if (!res.ok) {
        const title = String(json.error ?? json.message ?? `HTTP ${res.status}`).replace('_', ' ');
        errorBox.replaceChildren(alertBox('danger', title, json.error_description ?? ''));
        return;
      }
      storeToken(json.token);
      location.assign(takeReturnPath() || '/');
    } catch (err) {
      errorBox.replaceChildren(alertBox('danger', String(err), ''));
    } finally {
      busy = false;
      update();
    }
  });
  body.replaceChildren(form);
  update();
}

// A single-select like the real react-select: disabled, with the value shown, when there is only
// one provider; otherwise a button that renders a listbox of provider names while open.
function providerSelect(
  providers: readonly AuthProvider[],
  initial: AuthProvider | undefined,
  onChange: (provider: AuthProvider) => void,
): HTMLElement {
  const value = h('span', { className: 'select-value' }, initial?.name ?? '');
  const wrap = h('div', { className: 'select' });
  let list: HTMLElement | null = null;
  const close = () => {
    list?.remove();
    list = null;
  };
  const control = h(
    'button',
    {
      type: 'button',
      className: 'select-control',
      'aria-haspopup': 'listbox',
      disabled: providers.length <= 1,
      onclick: () => {
        if (list) return close();
        list = h(
          'ul',
          { role: 'listbox', className: 'select-menu' },
          providers.map((p) =>
            h(
              'li',
              {
                role: 'option',
                onclick: () => {
                  value.textContent = p.name;
                  close();
                  onChange(p);
                },
              },
              p.name,
            ),
          ),
        );
        wrap.append(list);
      },
    },
    value,
  );
  wrap.append(control);
  return wrap;
}
