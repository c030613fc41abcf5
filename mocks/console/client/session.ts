// The login session in browser storage: the API token, and the page to return to after logging in.
const TOKEN_KEY = 'access_token';
const FROM_KEY = 'lab-console-from';

export function getToken(): string | null {
  const raw = localStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  try {
    // The real UI stores it JSON-encoded (the `store` library); accept a raw token too.
    const value: unknown = JSON.parse(raw);
    return typeof value === 'string' ? value : null;
  } catch {
    return raw;
  }
}

export function storeToken(token: unknown): void {
  localStorage.setItem(TOKEN_KEY, JSON.stringify(token));
}

export function clearToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}

export function rememberReturnPath(): void {
  sessionStorage.setItem(FROM_KEY, location.pathname + location.search);
}

/** The remembered page, forgotten as it is read. */
export function takeReturnPath(): string | null {
  const from = sessionStorage.getItem(FROM_KEY);
  sessionStorage.removeItem(FROM_KEY);
  return from;
}
