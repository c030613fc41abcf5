// Central's starting data: a handful of default (system) policies, and for 'after-module-3' the
// "No bash allowed" policy that the previous module created in the console.
import { randomUUID } from 'node:crypto';
import type { EventSource, LifecycleStage, Policy, Severity } from '../../types/rhacs.ts';
import type { CentralStore } from './store.ts';

interface Seed {
  id: string;
  name: string;
  description: string;
  rationale?: string;
  remediation?: string;
  severity: Severity;
  categories: string[];
  stages: LifecycleStage[];
  eventSource: EventSource;
  disabled?: boolean;
  criteria: { fieldName: string; values: string[] }[];
}

// Names, ids and criteria of real RHACS default policies.
const DEFAULTS: Seed[] = [
  {
    id: '2e90874a-3521-44de-85c6-5720f519a701',
    name: 'Latest tag',
    description: "Alert on deployments with images using tag 'latest'",
    severity: 'LOW_SEVERITY',
    categories: ['DevOps Best Practices'],
    stages: ['BUILD', 'DEPLOY'],
    eventSource: 'NOT_APPLICABLE',
    criteria: [{ fieldName: 'Image Tag', values: ['latest'] }],
  },
  {
    id: '80267b36-2182-4fb3-8b53-e80c031f4ad8',
    name: 'Privileged Container',
    description: 'Alert on deployments with containers running in privileged mode',
    severity: 'MEDIUM_SEVERITY',
    categories: ['Privileges', 'Docker CIS'],
    stages: ['DEPLOY'],
    eventSource: 'NOT_APPLICABLE',
    criteria: [{ fieldName: 'Privileged Container', values: ['true'] }],
  },
  {
    id: '1913283f-ce3c-4134-84ef-195c4cd687ae',
    name: 'Netcat Execution Detected',
    description: 'Detects execution of netcat in a container',
    severity: 'HIGH_SEVERITY',
    categories: ['Network Tools'],
    stages: ['RUNTIME'],
    eventSource: 'DEPLOYMENT_EVENT',
    criteria: [{ fieldName: 'Process Name', values: ['nc'] }],
  },
  {
    id: 'ddb7af9c-5ec1-45e1-a0cf-c36e3ef2b2ce',
    name: 'Red Hat Package Manager Execution',
    description: 'Alert when Red Hat/Fedora/CentOS package manager programs are executed at runtime.',
    severity: 'LOW_SEVERITY',
    categories: ['Package Management'],
    stages: ['RUNTIME'],
    eventSource: 'DEPLOYMENT_EVENT',
    criteria: [{ fieldName: 'Process Name', values: ['rpm', 'dnf', 'yum'] }],
  },
  {
    id: 'a9b9ecf7-9707-4e32-8b62-d03018ed454f',
    name: 'Ubuntu Package Manager Execution',
    description: 'Alert when Debian/Ubuntu package manager programs are executed at runtime',
    severity: 'LOW_SEVERITY',
    categories: ['Package Management'],
    stages: ['RUNTIME'],
    eventSource: 'DEPLOYMENT_EVENT',
    criteria: [{ fieldName: 'Process Name', values: ['apt-get', 'apt', 'dpkg'] }],
  },
];

function toPolicy(s: Seed, isDefault: boolean): Policy {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    rationale: s.rationale ?? '',
    remediation: s.remediation ?? '',
    disabled: s.disabled ?? false,
    categories: [...s.categories],
    lifecycleStages: [...s.stages],
    eventSource: s.eventSource,
    exclusions: [],
    scope: [],
    severity: s.severity,
    enforcementActions: [],
    notifiers: [],
    lastUpdated: null,
    SORTName: s.name,
    SORTLifecycleStage: [...s.stages].sort().join(','),
    SORTEnforcement: false,
    policyVersion: '1.1',
    policySections: [
      {
        sectionName: isDefault ? 'Section 1' : '',
        policyGroups: s.criteria.map((c) => ({
          fieldName: c.fieldName,
          booleanOperator: 'OR',
          negate: false,
          values: c.values.map((value) => ({ value })),
        })),
      },
    ],
    mitreAttackVectors: [],
    criteriaLocked: isDefault,
    mitreVectorsLocked: isDefault,
    isDefault,
    source: 'IMPERATIVE',
  };
}

export function noBashAllowedPolicy(): Policy {
  const p = toPolicy(
    {
      id: randomUUID(),
      name: 'No bash allowed',
      description: 'Privilege escalation technique',
      remediation: 'Uninstall during container build',
      severity: 'HIGH_SEVERITY',
      categories: ['Anomalous Activity'],
      stages: ['RUNTIME'],
      eventSource: 'DEPLOYMENT_EVENT',
      criteria: [{ fieldName: 'Process Name', values: ['bash'] }],
    },
    false,
  );
  p.scope = [{ cluster: '', namespace: 'payments', label: null }];
  return p;
}

export function seedCentral(store: CentralStore, startState: 'after-module-3' | 'fresh'): void {
  const now = new Date().toISOString();
  for (const s of DEFAULTS) {
    const p = toPolicy(s, true);
    p.lastUpdated = now;
    store.policies.set(p.id, p);
  }
  if (startState === 'after-module-3') store.addPolicy(noBashAllowedPolicy());
}
