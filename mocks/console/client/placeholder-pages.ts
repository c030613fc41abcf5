// Pages the module never visits: the dashboard, and every other navigation target.
import { h, setTitle } from './dom.ts';

export function placeholderPage(el: HTMLElement, title: string): void {
  setTitle(title);
  el.replaceChildren(h('h1', {}, title), h('p', {}, "This page is not part of the embedded lab's console."));
}

export function dashboardPage(el: HTMLElement): void {
  setTitle('Dashboard');
  el.replaceChildren(h('h1', {}, 'Dashboard'), h('p', {}, 'Welcome to the embedded lab.'));
}
