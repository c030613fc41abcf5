// The page's settings, embedded by the server as JSON (page.ts): the RHACS version whose layout the
// console follows, and every string a scenario locates by (text.ts).
import type { ClientConfig } from '../page.ts';

const CONFIG: ClientConfig = JSON.parse(document.getElementById('lab-console-config')!.textContent!);

export const VERSION = CONFIG.version;
export const T = CONFIG.text;
export const IS_411 = CONFIG.version !== '4.10';
export const BRAND = 'Red Hat Advanced Cluster Security';
