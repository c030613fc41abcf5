import { expect, test } from '@playwright/test';

test('no-op', () => {
  expect(1).toBe(1);
});
