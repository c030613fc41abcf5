// Bad settings, caught before any request: the environment (loadConfig) and a targets file
// (loadTargetsFile). One row per case, each with the exact message a person sees.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';
import { loadTargetsFile } from '../../src/targets/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bad-settings-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const YAML_FIX = `correct the YAML there: indentation, and quotes around a value with ": ", " #", or a \${VAR} reference inside { } or [ ]`;
const badIndent = file(
  'bad-indent.yaml',
  'labs:\n  - name: room-01\n    central:\n      endpoint: central:443\n     token: secret-value-xyz\n',
);
file('kubeconfig.yaml', 'apiVersion: v1\nkind: Config\n');
const unsetRef = file(
  'unset-ref.yaml',
  `labs:\n  - name: room-01\n    kubeconfig: kubeconfig.yaml\n    central:\n      endpoint: central:443\n      token: \${ROOM01_ROX_TOKEN_UNSET}\n`,
);
const missingCa = join(dir, 'no-such-ca.pem');

/** loadConfig's one message for a single bad variable. */
function settingsMessage(variable: string, cause: string, fix: string): string {
  return `Reading the harness settings (1 problem): ${variable}: ${cause} (fix: ${fix}). Fix: correct ${variable} in the environment or .env (see .env.example)`;
}

interface Row {
  name: string;
  load: () => unknown;
  code: string;
  message: string;
  /** A value that must not appear in the message (a secret written into the input). */
  secret?: string;
}

const rows: Row[] = [
  {
    name: 'a malformed targets file: the position, never the line',
    load: () => loadTargetsFile(badIndent, {}),
    code: 'TARGETS_INVALID',
    message: `Reading the targets file ${badIndent} (1 problem): \n  - the file, line 5, column 1: not valid YAML (BAD_INDENT) (fix: ${YAML_FIX}). Fix: correct the fields named above; nothing was run`,
    secret: 'secret-value-xyz',
  },
  {
    name: 'a targets file referring to an unset variable',
    load: () => loadTargetsFile(unsetRef, {}),
    code: 'TARGETS_INVALID',
    message: `Reading the targets file ${unsetRef} (1 problem): \n  - lab "room-01", central.token: refers to ROOM01_ROX_TOKEN_UNSET, which is not set in the environment (fix: export ROOM01_ROX_TOKEN_UNSET=... before the run (in CI: from the secret store)). Fix: correct the fields named above; nothing was run`,
  },
  {
    name: 'an unknown TARGET value',
    load: () => loadConfig({ TARGET: 'staging' }),
    code: 'CONFIG_INVALID',
    message: settingsMessage(
      'TARGET',
      '"staging" is not a target',
      'set TARGET=embedded (the built-in lab) or TARGET=cluster (a real cluster), or unset it to choose automatically',
    ),
  },
  {
    name: 'ROX_ENDPOINT with a scheme Central does not speak',
    load: () => loadConfig({ ROX_ENDPOINT: 'ftp://central.example.com', ROX_API_TOKEN: 'token' }),
    code: 'CONFIG_INVALID',
    message: settingsMessage(
      'ROX_ENDPOINT',
      `"ftp://central.example.com" uses the scheme ftp://, but Central's API is https:// (http:// only for a lab without TLS)`,
      'use e.g. ROX_ENDPOINT=central-stackrox.apps.example.com:443 (as for roxctl)',
    ),
  },
  {
    name: 'a cluster without any ROX credential',
    load: () => loadConfig({ TARGET: 'cluster', ROX_ENDPOINT: 'central.example.com:443' }),
    code: 'CONFIG_INVALID',
    message: settingsMessage(
      'ROX_API_TOKEN',
      'no Central credentials: none of ROX_API_TOKEN, ROX_API_TOKEN_FILE, ROX_ADMIN_PASSWORD is set',
      'set ROX_API_TOKEN (an Admin API token) or ROX_ADMIN_PASSWORD (oc -n stackrox get secret central-htpasswd -o jsonpath={.data.password} | base64 -d)',
    ),
  },
  {
    name: 'ROX_CA_CERT_FILE naming a file that does not exist',
    load: () =>
      loadConfig({
        ROX_ENDPOINT: 'central.example.com:443',
        ROX_API_TOKEN: 'token',
        ROX_CA_CERT_FILE: missingCa,
      }),
    code: 'CONFIG_INVALID',
    message: settingsMessage(
      'ROX_CA_CERT_FILE',
      `file not found: ${missingCa}`,
      "point it at Central's CA certificate in PEM form (-----BEGIN CERTIFICATE-----), or unset it",
    ),
  },
  {
    name: 'ROX_INSECURE_SKIP_TLS_VERIFY that is not true or false',
    load: () =>
      loadConfig({
        ROX_ENDPOINT: 'central.example.com:443',
        ROX_API_TOKEN: 'token',
        ROX_INSECURE_SKIP_TLS_VERIFY: 'yes',
      }),
    code: 'CONFIG_INVALID',
    message: settingsMessage(
      'ROX_INSECURE_SKIP_TLS_VERIFY',
      '"yes" is neither true nor false',
      'set ROX_INSECURE_SKIP_TLS_VERIFY=true only to skip certificate checks deliberately; prefer ROX_CA_CERT_FILE',
    ),
  },
];

describe('bad input: settings and targets files', () => {
  for (const row of rows) {
    it(row.name, () => {
      let error: unknown;
      try {
        row.load();
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof HarnessError, `expected a HarnessError, got ${String(error)}`);
      assert.equal(error.code, row.code);
      assert.equal(error.message, row.message);
      if (row.secret !== undefined) assert.ok(!error.message.includes(row.secret));
    });
  }
});
