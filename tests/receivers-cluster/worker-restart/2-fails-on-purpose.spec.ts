// A failed test: Playwright tears this worker down (its worker fixtures too) and starts a new one.
import { expect, test } from '../../../fixtures/harness.ts';

test('a step that fails on purpose', async ({ channels }) => {
  expect(channels.routes.slack.via, 'the failure under test').toBe('a failure on purpose');
});
