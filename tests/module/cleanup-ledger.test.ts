// The cleanup ledger (src/module/cleanup-ledger.ts) undoes newest first and keeps going after a failed undo.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CleanupLedger, undoOrKeepAtWorkerEnd, type WorkerEnd } from '../../src/module/cleanup-ledger.ts';

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

  describe('at the end of a worker', () => {
    const twoEntries = (undone: string[]) => {
      const ledger = new CleanupLedger();
      ledger.created('notifier a', async () => undone.push('a'));
      ledger.changed('policy b', async () => undone.push('b'));
      return ledger;
    };
    const endWith = (over: Partial<WorkerEnd>, said: string[], warned: string[]): WorkerEnd => ({
      keep: false,
      mode: 'verify',
      runHasFailed: () => false,
      say: (line) => said.push(line),
      warn: (line) => warned.push(line),
      ...over,
    });

    for (const [over, why] of [
      [{ keep: true }, 'Kept for inspection (KEEP=1): created notifier a; changed policy b'],
      [{ mode: 'check' }, 'Kept for inspection (check mode): created notifier a; changed policy b'],
      [
        { runHasFailed: () => true },
        'Kept for the rest of the run and for inspection (a step failed): created notifier a; changed policy b',
      ],
    ] as const) {
      it(`keeps everything and says why: ${why.slice(0, why.indexOf(':'))}`, async () => {
        const undone: string[] = [];
        const said: string[] = [];
        const ledger = twoEntries(undone);
        await undoOrKeepAtWorkerEnd(ledger, endWith(over, said, []));
        assert.deepEqual(undone, []);
        assert.deepEqual(said, [why]);
        assert.equal(ledger.entries.length, 2);
      });
    }

    it('undoes everything in a verify run that has not failed, warning of a failed undo', async () => {
      const undone: string[] = [];
      const warned: string[] = [];
      const ledger = twoEntries(undone);
      ledger.created('cr c', async () => {
        throw new Error('boom');
      });
      await undoOrKeepAtWorkerEnd(ledger, endWith({}, [], warned));
      assert.deepEqual(undone, ['b', 'a']);
      assert.deepEqual(warned, ['Cleanup: removing cr c: boom']);
      assert.deepEqual(ledger.entries, []);
    });
  });
});
