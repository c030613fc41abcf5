// Central's REST API as the console calls it: the session's bearer token, JSON in and out, a 401
// sends the user to the login page.
import type { ListPolicy, Notifier } from '../../../types/rhacs.ts';
import { navigate } from './navigation.ts';
import { clearToken, getToken, rememberReturnPath } from './session.ts';

export interface NotifierList {
  notifiers?: Notifier[];
}
export interface PolicyList {
  policies?: ListPolicy[];
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: { message?: string } | null = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.status === 401) {
    sendToLogin();
    throw new ApiFailure(401, json?.message ?? 'Unauthenticated');
  }
  if (!res.ok) throw new ApiFailure(res.status, json?.message ?? (text || `HTTP ${res.status}`));
  return (json ?? {}) as T;
}

// utils/responseErrorUtils.ts: a 403 is explained, other errors show the server's message.
export function failureText(err: unknown): string {
  if (err instanceof ApiFailure && err.status === 403)
    return 'Please check that your role has the required permissions.';
  return err instanceof Error ? err.message : String(err);
}

function sendToLogin(): void {
  clearToken();
  if (location.pathname !== '/login') {
    rememberReturnPath();
    navigate('/login', { replace: true });
  }
}
