// The embedded lab's RHACS console: a small single-page app, ES modules written in TypeScript and
// served with their types stripped (../../browser-modules.ts), no bundle. Routes, headings, labels,
// roles and test ids follow shared/reference/rhacs-console.md; the look does not. Every string a
// scenario locates by comes from the server's config (config.ts, ../text.ts).
import { startRouter } from './router.ts';

startRouter();
