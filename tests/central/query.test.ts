import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matches, namesField, parseQuery } from '../../mocks/central/query.ts';

interface Item {
  name: string;
  state: string;
  tags: string[];
}
const fields = {
  policy: (i: Item) => i.name,
  'violation state': (i: Item) => i.state,
  category: (i: Item) => i.tags,
};
const item: Item = {
  name: 'No bash allowed (COPY)',
  state: 'ACTIVE',
  tags: ['Anomalous Activity', 'Security'],
};

describe('search query syntax', () => {
  it('splits terms on + and values on , with case-insensitive field names', () => {
    assert.deepEqual(parseQuery('Policy:No bash allowed,Other+VIOLATION STATE:"RESOLVED"'), [
      {
        field: 'policy',
        values: [
          { value: 'No bash allowed', exact: false },
          { value: 'Other', exact: false },
        ],
      },
      { field: 'violation state', values: [{ value: 'RESOLVED', exact: true }] },
    ]);
    assert.deepEqual(parseQuery(''), []);
    assert.deepEqual(parseQuery('no colon here'), []);
    assert.equal(namesField(parseQuery('Violation State:ACTIVE'), 'Violation State'), true);
    assert.equal(namesField(parseQuery('Policy:x'), 'Violation State'), false);
  });

  it('matches r/ values as case-insensitive regular expressions anywhere in the value', () => {
    assert.equal(matches(item, parseQuery('Policy:r/bash allowed'), fields), true);
    assert.equal(matches(item, parseQuery('Policy:r/^no BASH.*copy'), fields), true);
    assert.equal(matches(item, parseQuery('Policy:r/^bash'), fields), false);
    assert.equal(matches(item, parseQuery('Policy:r/(unclosed'), fields), false);
  });

  it('matches values as case-insensitive prefixes, quoted values exactly', () => {
    assert.equal(matches(item, parseQuery('Policy:no BASH'), fields), true);
    assert.equal(matches(item, parseQuery('Policy:bash'), fields), false);
    assert.equal(matches(item, parseQuery('Policy:"No bash allowed"'), fields), false);
    assert.equal(matches(item, parseQuery('Policy:"No bash allowed (COPY)"'), fields), true);
  });

  it('ORs values within a term and ANDs terms; list fields match any element', () => {
    assert.equal(matches(item, parseQuery('Policy:Latest,No bash'), fields), true);
    assert.equal(matches(item, parseQuery('Policy:No bash+Violation State:RESOLVED'), fields), false);
    assert.equal(matches(item, parseQuery('Policy:No bash+Violation State:ACT'), fields), true);
    assert.equal(matches(item, parseQuery('Category:secu'), fields), true);
  });

  it('skips unknown fields, and a decoded raw "+" (a space) merges two terms into one value', () => {
    assert.equal(matches(item, parseQuery('Unknown Field:x+Policy:No'), fields), true);
    const decoded = new URLSearchParams('query=Policy:No bash+Violation State:ACTIVE').get('query');
    assert.equal(decoded, 'Policy:No bash Violation State:ACTIVE');
    assert.equal(matches(item, parseQuery(decoded), fields), false);
    const encoded = new URLSearchParams('query=Policy:No%20bash%2BViolation%20State:ACTIVE').get('query');
    assert.equal(matches(item, parseQuery(encoded), fields), true);
  });
});
