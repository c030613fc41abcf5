// The HarnessError a promise rejects with; fails the test when it resolves or rejects with anything else.
import assert from 'node:assert/strict';
import { HarnessError } from '../../src/errors.ts';

export async function rejection(p: Promise<unknown>): Promise<HarnessError> {
  try {
    await p;
  } catch (e) {
    assert.ok(
      e instanceof HarnessError,
      `expected a HarnessError, got ${e instanceof Error ? e.stack : String(e)}`,
    );
    return e;
  }
  assert.fail('expected a rejection');
}
