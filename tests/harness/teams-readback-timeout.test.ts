// TEAMS_READBACK_TIMEOUT_MS: how long a Teams message may take to be listed in the channel (Central's
// post, the Workflows flow run, Graph), apart from ALERT_TIMEOUT_MS, which Slack and Central keep.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { HarnessError } from '../../src/errors.ts';

const CLUSTER = { ROX_ENDPOINT: 'central.example.com:443', ROX_API_TOKEN: 'tok-123456' };

describe('TEAMS_READBACK_TIMEOUT_MS', () => {
  it('defaults to 120 s on a cluster (a flow run takes seconds to a minute) and 15 s embedded', () => {
    assert.equal(loadConfig(CLUSTER).teamsReadbackTimeoutMs, 120_000);
    assert.equal(loadConfig({}).teamsReadbackTimeoutMs, 15_000);
  });

  it('is set apart from ALERT_TIMEOUT_MS', () => {
    const cfg = loadConfig({ ...CLUSTER, ALERT_TIMEOUT_MS: '60000', TEAMS_READBACK_TIMEOUT_MS: '300000' });
    assert.equal(cfg.alertTimeoutMs, 60_000);
    assert.equal(cfg.teamsReadbackTimeoutMs, 300_000);
  });

  it('a bad value stops the run naming the variable and its fix', () => {
    assert.throws(
      () => loadConfig({ ...CLUSTER, TEAMS_READBACK_TIMEOUT_MS: '2 minutes' }),
      (e: unknown) =>
        e instanceof HarnessError &&
        e.code === 'CONFIG_INVALID' &&
        /TEAMS_READBACK_TIMEOUT_MS: "2 minutes" is not a whole number of milliseconds between 1000 and 3600000/.test(
          e.cause,
        ) &&
        /TEAMS_READBACK_TIMEOUT_MS=120000/.test(e.cause),
    );
  });
});
