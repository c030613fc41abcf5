// The line verify's global setup starts with (src/target-line.ts): which target and why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { targetLine } from '../../src/target-line.ts';

test('the target line says which target is used and why', () => {
  const embedded = loadConfig({}, {});
  assert.equal(
    targetLine(embedded, false),
    'No cluster configured (KUBECONFIG, KUBE_CONTEXT, ROX_ENDPOINT unset): using the embedded lab (profile default)',
  );
  const cluster = loadConfig({ ROX_ENDPOINT: 'central.example.com:443', ROX_API_TOKEN: 'x' }, {});
  assert.equal(
    targetLine(cluster, false),
    'Using a real cluster: ROX_ENDPOINT is set, so a real cluster is used',
  );
});
