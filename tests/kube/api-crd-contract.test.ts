// The lab's hand-written SecurityPolicy schema against the real CRD from the StackRox repository
// (read at test time from ../shared, never copied into the project).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import type { Schema } from '../../mocks/kube/schema.ts';
import { SECURITY_POLICY_STATUS, securityPolicySpec } from '../../mocks/kube/securitypolicy-schema.ts';
import { SHARED } from './api-helpers.ts';

const CRD_FILE = join(SHARED, 'reference/data/stackrox/config.stackrox.io_securitypolicies.yaml');

interface OpenApi {
  type?: string;
  properties?: Record<string, OpenApi>;
  items?: OpenApi;
  required?: string[];
  enum?: string[];
  pattern?: string;
  minItems?: number;
  format?: string;
}

/** Flattens a schema into `path: facts` lines so a difference names its field. */
function flattenCrd(node: OpenApi, path: string, out: Map<string, string>): void {
  const facts = [
    node.type,
    node.enum ? `enum=${node.enum.join('|')}` : '',
    node.pattern ? `pattern=${node.pattern}` : '',
    node.minItems !== undefined ? `minItems=${node.minItems}` : '',
    node.format ? `format=${node.format}` : '',
    node.required ? `required=${[...node.required].sort().join(',')}` : '',
  ].filter(Boolean);
  out.set(path, facts.join(' '));
  for (const [k, v] of Object.entries(node.properties ?? {})) flattenCrd(v, `${path}.${k}`, out);
  if (node.items) flattenCrd(node.items, `${path}[]`, out);
}

function flattenLab(node: Schema, path: string, out: Map<string, string>): void {
  const facts: string[] = [node.type === 'free-object' ? 'object' : node.type];
  if (node.type === 'string') {
    if (node.enum) facts.push(`enum=${node.enum.join('|')}`);
    if (node.pattern) facts.push(`pattern=${node.pattern}`);
    if (node.format) facts.push(`format=${node.format}`);
  }
  if (node.type === 'array' && node.minItems !== undefined) facts.push(`minItems=${node.minItems}`);
  if (node.type === 'object' && node.required) facts.push(`required=${[...node.required].sort().join(',')}`);
  out.set(path, facts.join(' '));
  if (node.type === 'object')
    for (const [k, v] of Object.entries(node.properties)) flattenLab(v, `${path}.${k}`, out);
  if (node.type === 'array') flattenLab(node.items, `${path}[]`, out);
}

const skip = existsSync(CRD_FILE) ? false : `reference CRD not found at ${CRD_FILE}`;

test("the lab's latest schema declares exactly the fields, types and constraints of the real CRD", {
  skip,
}, () => {
  const crd = parse(readFileSync(CRD_FILE, 'utf8'));
  const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1');
  const root = version.schema.openAPIV3Schema as OpenApi;
  for (const [name, lab] of [
    ['spec', securityPolicySpec('latest')],
    ['status', SECURITY_POLICY_STATUS],
  ] as const) {
    const expected = new Map<string, string>();
    const actual = new Map<string, string>();
    const crdNode = root.properties?.[name];
    assert.ok(crdNode, `CRD has ${name}`);
    flattenCrd(crdNode, name, expected);
    flattenLab(lab, name, actual);
    assert.deepEqual([...actual.entries()].sort(), [...expected.entries()].sort());
  }
  assert.ok(version.subresources?.status, 'the CRD has a status subresource, as the lab serves');
  assert.equal(crd.spec.scope, 'Namespaced');
  assert.deepEqual(crd.spec.names.shortNames, ['sp']);
});

/** The reference CRD's spec, flattened, with the edits a release's CRD did not have yet. */
function crdSpecAt(edit: (lines: Map<string, string>) => void): [string, string][] {
  const crd = parse(readFileSync(CRD_FILE, 'utf8'));
  const root = crd.spec.versions.find((v: { name: string }) => v.name === 'v1alpha1').schema.openAPIV3Schema;
  const lines = new Map<string, string>();
  flattenCrd(root.properties.spec, 'spec', lines);
  edit(lines);
  return [...lines.entries()].sort();
}

const labSpec = (version: '4.10' | '4.11') => {
  const lines = new Map<string, string>();
  flattenLab(securityPolicySpec(version), 'spec', lines);
  return [...lines.entries()].sort();
};

// stackrox tags 4.11.0 and 4.10.0 against the reference (5.0 development):
// ROX-34957 #21143 added evaluationFilter, ROX-35859 #21790 added NODE_EVENT, both after 4.11;
// 4.11.0 added scope clusterLabel and namespaceLabel (absent in 4.10.0).
const before50 = (lines: Map<string, string>) => {
  for (const k of [...lines.keys()]) if (k.startsWith('spec.evaluationFilter')) lines.delete(k);
  lines.set('spec.eventSource', (lines.get('spec.eventSource') ?? '').replace('|NODE_EVENT', ''));
};
const before411 = (lines: Map<string, string>) => {
  before50(lines);
  for (const k of [...lines.keys()]) if (/\.(clusterLabel|namespaceLabel)/.test(k)) lines.delete(k);
};

test("the 4.11 profile's schema is 4.11.0's CRD: no evaluationFilter, no NODE_EVENT", { skip }, () => {
  assert.deepEqual(labSpec('4.11'), crdSpecAt(before50));
});

test("the 4.10 profile's schema is 4.10.0's CRD: scopes without clusterLabel and namespaceLabel", {
  skip,
}, () => {
  assert.deepEqual(labSpec('4.10'), crdSpecAt(before411));
});
