// The lab's Slack and Teams bodies against ../shared/reference/rhacs-payloads.md, read at test time.
// A clone without ../shared beside it skips them, saying why; CI has it and runs them.
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REFERENCE = fileURLToPath(new URL('../../../shared/reference/rhacs-payloads.md', import.meta.url));

if (existsSync(REFERENCE)) await import('./payloads-contract.ts');
else
  test('Slack and Teams payloads match the reference', {
    skip: `reference not found at ${REFERENCE}`,
  }, () => {});
