// Central's runtime detection for process events: does a policy match an exec, and what the alert's
// process violation message says.
import { randomUUID } from 'node:crypto';
import type { Exclusion, Policy, PolicyGroup, ProcessIndicator, Scope } from '../../types/rhacs.ts';
import type { DeploymentView, NamespaceView, ProcessEvent } from '../contract.ts';
import { indicatorId } from './process-indicators.ts';

export { SensorDedup } from './sensorProcessFilter.ts';

/** An alert keeps at most this many processes; past it, no update and no notification. */
export const MAX_ALERT_PROCESSES = 40;

export type PolicyVerdict =
  | { kind: 'match' }
  | { kind: 'no-match' }
  | { kind: 'unsupported'; criteria: string[] };

export interface DetectionContext {
  clusterName: string;
  clusterId: string;
  deployment: DeploymentView;
  namespace: NamespaceView | undefined;
}

/** RHACS policy values are regular expressions matched against the whole string, ignoring case. */
function wholeMatch(pattern: string, text: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, 'i');
  } catch {
    // Central would have rejected an invalid expression; compare literally instead of throwing.
    return pattern.toLowerCase() === text.toLowerCase();
  }
  return re.test(text);
}

type ValueMatcher = (value: string, event: ProcessEvent) => boolean;

const PROCESS_FIELDS: Record<string, ValueMatcher> = {
  'Process Name': (value, event) => wholeMatch(value, event.name),
  'Process Arguments': (value, event) => wholeMatch(value, event.args),
  'Process Ancestor': (value, event) =>
    event.parentExecFilePath !== '' && wholeMatch(value, event.parentExecFilePath),
  'Process UID': (value, event) => value.trim() !== '' && Number(value.trim()) === event.uid,
};

function groupMatches(group: PolicyGroup, event: ProcessEvent, matcher: ValueMatcher): boolean {
  const results = group.values.map((v) => matcher(v.value, event));
  const matched = group.booleanOperator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  return group.negate ? !matched : matched;
}

function criteriaMatch(policy: Policy, event: ProcessEvent): boolean {
  return policy.policySections.some(
    (section) =>
      section.policyGroups.length > 0 &&
      section.policyGroups.every((g) => {
        const matcher = PROCESS_FIELDS[g.fieldName];
        return matcher !== undefined && groupMatches(g, event, matcher);
      }),
  );
}

function unsupportedCriteria(policy: Policy): string[] {
  const names = new Set<string>();
  for (const section of policy.policySections) {
    for (const g of section.policyGroups) if (!(g.fieldName in PROCESS_FIELDS)) names.add(g.fieldName);
  }
  return [...names];
}

/** cluster: name or id ('' = any); namespace: whole-string regex ('' = any); label: deployment label (null = any). */
function scopeMatches(scope: Scope, ctx: DetectionContext): boolean {
  if (scope.cluster !== '' && scope.cluster !== ctx.clusterId && scope.cluster !== ctx.clusterName)
    return false;
  if (scope.namespace !== '' && !wholeMatch(scope.namespace, ctx.deployment.namespace)) return false;
  const label = scope.label;
  if (label && (label.key !== '' || label.value !== '')) {
    const found = Object.entries(ctx.deployment.labels).some(
      ([key, value]) => wholeMatch(label.key, key) && (label.value === '' || wholeMatch(label.value, value)),
    );
    if (!found) return false;
  }
  return true;
}

/** Deployment exclusions only; image exclusions do not apply to process events. Expired ones are ignored. */
function isExcluded(exclusion: Exclusion, ctx: DetectionContext, at: number): boolean {
  const target = exclusion.deployment;
  if (!target) return false;
  if (exclusion.expiration) {
    const expires = Date.parse(exclusion.expiration);
    if (!Number.isNaN(expires) && expires < at) return false;
  }
  if (target.name !== '' && target.name !== ctx.deployment.name) return false;
  return target.scope === null || scopeMatches(target.scope, ctx);
}

function appliesToProcessEvents(policy: Policy): boolean {
  return (
    !policy.disabled &&
    policy.lifecycleStages.includes('RUNTIME') &&
    policy.eventSource === 'DEPLOYMENT_EVENT'
  );
}

/**
 * Scope and exclusions are checked first: an out-of-scope deployment is a true no-match. Otherwise any
 * criterion this lab cannot evaluate is reported as `unsupported` rather than quietly not matching.
 */
export function evaluateRuntimePolicy(
  policy: Policy,
  event: ProcessEvent,
  ctx: DetectionContext,
): PolicyVerdict {
  if (!appliesToProcessEvents(policy)) return { kind: 'no-match' };
  if (policy.scope.length > 0 && !policy.scope.some((s) => scopeMatches(s, ctx))) return { kind: 'no-match' };
  const at = Date.parse(event.time);
  if (policy.exclusions.some((e) => isExcluded(e, ctx, Number.isNaN(at) ? Date.now() : at))) {
    return { kind: 'no-match' };
  }
  const unsupported = unsupportedCriteria(policy);
  if (unsupported.length > 0) return { kind: 'unsupported', criteria: unsupported };
  return criteriaMatch(policy, event) ? { kind: 'match' } : { kind: 'no-match' };
}

function describeBinaries(paths: string[]): string {
  if (paths.length === 1) return `Binary '${paths[0]}'`;
  if (paths.length === 2) return `Binaries '${paths[0]}' and '${paths[1]}'`;
  if (paths.length < 10) {
    const head = paths.slice(0, -1).map((p) => `'${p}', `);
    return `Binaries ${head.join('')}and '${paths.at(-1)}'`;
  }
  return `${paths.length} binaries`;
}

/** The alert's processViolation.message, as Central rebuilds it each time a process is added. */
export function processViolationMessage(processes: ProcessIndicator[]): string {
  if (processes.length === 0) return '';
  const paths = [...new Set(processes.map((p) => p.signal.execFilePath))].sort();
  const args = [...new Set(processes.map((p) => p.signal.args))];
  const uids = [...new Set(processes.map((p) => p.signal.uid))];

  let message = `${describeBinaries(paths)} executed`;
  if (args.length === 1) {
    message += args[0] ? ` with arguments '${args[0]}'` : ' without arguments';
  } else {
    message += ` with ${args.length} different arguments`;
  }
  message += uids.length === 1 ? ` under user ID ${uids[0]}` : ` under ${uids.length} different user IDs`;
  return message;
}

export function toProcessIndicator(event: ProcessEvent, deploymentId: string): ProcessIndicator {
  const indicator: ProcessIndicator = {
    id: '',
    deploymentId,
    containerName: event.containerName,
    podId: event.podName,
    podUid: event.podUid,
    clusterId: event.clusterId,
    namespace: event.namespace,
    containerStartTime: event.containerStartTime,
    imageId: event.imageId,
    signal: {
      id: randomUUID(),
      containerId: event.containerId,
      time: event.time,
      name: event.name,
      args: event.args,
      execFilePath: event.execFilePath,
      pid: event.pid,
      uid: event.uid,
      gid: event.gid,
      lineageInfo: event.parentExecFilePath
        ? [{ parentUid: event.uid, parentExecFilePath: event.parentExecFilePath }]
        : [],
    },
  };
  indicator.id = indicatorId(indicator);
  return indicator;
}
