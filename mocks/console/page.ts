// The one HTML document behind every console route; the client script renders the page for the
// current path (the real console is a single-page app too).
import type { RhacsVersion } from '../../types/rhacs.ts';
import type { ConsoleText } from './text.ts';

export const ASSET_PREFIX = '/static/lab-console/';

export interface ClientConfig {
  version: RhacsVersion;
  text: ConsoleText;
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function consoleHtml(config: ClientConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Red Hat Advanced Cluster Security</title>
<link rel="stylesheet" href="${ASSET_PREFIX}app.css">
<script type="application/json" id="lab-console-config">${scriptJson(config)}</script>
<script type="module" src="${ASSET_PREFIX}app.js"></script>
</head>
<body>
<div id="app"></div>
</body>
</html>
`;
}
