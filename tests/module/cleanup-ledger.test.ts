// The cleanup ledger (src/module/cleanup-ledger.ts) undoes newest first and keeps going after a failed undo.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CleanupLedger } from '../../src/module/cleanup-ledger.ts';

describe('CleanupLedger', () => {
  it('undoes newest first and reports a failed undo without stopping', async () => {
    const ledger = new CleanupLedger();
    const order: string[] = [];
    ledger.created('notifier a', async () => order.push('a'));
    ledger.changed('policy b', async () => {
      throw new Error('boom');
    });
    ledger.created('cr c', async () => order.push('c'));
    assert.deepEqual(ledger.entries, ['created notifier a', 'changed policy b', 'created cr c']);
    const problems = await ledger.undoAll();
    assert.deepEqual(order, ['c', 'a']);
    assert.deepEqual(problems, ['restoring policy b: boom']);
    assert.deepEqual(ledger.entries, []);
  });

  it('after a failure restores what it changed and keeps what it created', async () => {
    const ledger = new CleanupLedger();
    const order: string[] = [];
    ledger.created('notifier a', async () => order.push('remove a'));
    ledger.changed('policy b', async () => order.push('restore b'));
    const problems = await ledger.undoAll(['changed']);
    assert.deepEqual(problems, []);
    assert.deepEqual(order, ['restore b']);
    assert.deepEqual(ledger.entries, ['created notifier a']);
  });
});
