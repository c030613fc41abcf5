// The "No bash allowed" policy and its notifiers, including the CR-managed case (F2).

import type { Notifier } from '../../types/rhacs.ts';
import { explainNotifierRefusal } from '../module/notifier-refusal.ts';
import { policyShapeProblems } from '../module/policy-shape.ts';
import { type GoalResult, goal } from './goal.ts';
import { type CheckState, skippedOptional } from './state.ts';

/** Why the module's CR in the module's namespace did nothing, when Central runs elsewhere (F9). */
function strayHint(state: CheckState): string {
  const stray = state.strayCr;
  if (stray === undefined) return '';
  const ns = stray.metadata.namespace ?? '';
  const central = state.names.centralNamespace;
  return `A SecurityPolicy ${ns}/${stray.metadata.name} exists, as the module applies it, but Central's config-controller reconciles SecurityPolicies only in ${central} (CENTRAL_NAMESPACE), so it never became a policy (module finding F9): delete it (oc delete securitypolicy ${stray.metadata.name} -n ${ns}) and apply it with oc apply -n ${central}. `;
}

function applyHint(state: CheckState): string {
  return `${strayHint(state)}Create it as the module does, corrected: oc apply -n ${state.names.centralNamespace} -f no-bash-allowed.yaml, without the SORTName, SORTLifecycleStage, SORTEnforcement and policyVersion fields (oc apply rejects them) and in namespace ${state.names.centralNamespace} (a SecurityPolicy anywhere else is ignored).`;
}

export function evaluatePolicy(state: CheckState): GoalResult {
  const { policyName, namespace } = state.names;
  const p = state.policy;
  if (p === undefined) {
    const similar = state.policies.filter((x) => x.name !== policyName);
    if (similar.length > 0) {
      return goal(
        'policy',
        'fail',
        `No policy is named exactly "${policyName}"; found ${similar.map((x) => `"${x.name}"`).join(', ')}.`,
        {
          hint: `The module's policy must be named exactly "${policyName}". ${applyHint(state)}`,
        },
      );
    }
    return goal('policy', 'fail', `No policy named "${policyName}" exists.`, { hint: applyHint(state) });
  }
  const shape = policyShapeProblems(p, namespace);
  const problems = shape.map((x) => x.problem);
  const fixes = shape.map((x) => x.fix);
  if (problems.length > 0) {
    return goal('policy', 'fail', `"${policyName}" exists but ${problems.join('; ')}.`, {
      hint: `${fixes.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()),
    });
  }
  return goal(
    'policy',
    'ok',
    `"${policyName}" is enabled, RUNTIME, DEPLOYMENT_EVENT, scoped to ${namespace} (${p.source === 'DECLARATIVE' ? 'managed by a SecurityPolicy CR' : 'created in the console'}).`,
  );
}

/** spec.notifiers entries (names or ids) that refer to the notifier. */
function crListsNotifier(crNotifiers: unknown, n: Notifier | undefined, name: string): boolean {
  if (!Array.isArray(crNotifiers)) return false;
  return crNotifiers.some((v) => v === name || (n !== undefined && v === n.id));
}

/** Every integration the module creates, in the order the text has them (an optional one left out is not wanted). */
export function moduleNotifiers(state: Pick<CheckState, 'names' | 'notifiers'>): string[] {
  const skipped = skippedOptional(state);
  return state.names.integrations.filter((i) => !skipped.includes(i)).map((i) => i.name);
}

export function evaluatePolicyNotifiers(state: CheckState): GoalResult {
  const { policyName, centralNamespace } = state.names;
  const all = moduleNotifiers(state);
  const listed = all.join(', ').replace(/, ([^,]*)$/, ' and $1');
  const p = state.policy;
  if (p === undefined) {
    return goal('policy-notifiers', 'fail', `There is no policy "${policyName}" to attach notifiers to.`, {
      hint: `Create the policy first (see above), with spec.notifiers: [${all.join(', ')}] in its CR.`,
    });
  }
  const wanted = all.map((name) => ({
    name,
    notifier: state.notifiers.find((n) => n.name === name),
  }));
  const nonexistent = wanted.filter((w) => w.notifier === undefined).map((w) => w.name);
  const missingOnPolicy = wanted
    .filter((w) => w.notifier === undefined || !p.notifiers.includes(w.notifier.id))
    .map((w) => w.name);
  const cr = state.cr;
  const managed = p.source === 'DECLARATIVE';
  const crSpecNotifiers = cr.found ? cr.object.spec.notifiers : undefined;
  const missingInCr = wanted
    .filter((w) => !crListsNotifier(crSpecNotifiers, w.notifier, w.name))
    .map((w) => w.name);
  const crName = cr.found
    ? `${cr.object.metadata.namespace ?? centralNamespace}/${cr.object.metadata.name}`
    : '';

  if (missingOnPolicy.length > 0) {
    const detail = `"${policyName}" does not notify ${missingOnPolicy.join(' or ')}.`;
    if (nonexistent.length > 0 && nonexistent.length === missingOnPolicy.length) {
      return goal('policy-notifiers', 'fail', detail, {
        hint: `Create the ${nonexistent.join(' and ')} integration${nonexistent.length > 1 ? 's' : ''} first (see above), then add ${missingOnPolicy.length > 1 ? 'them' : 'it'} to the policy.`,
      });
    }
    const failing = cr.found
      ? (cr.object.status?.conditions ?? []).find((c) => c.status !== 'True')
      : undefined;
    // A CR that lists them and is refused, whether or not it manages the policy yet (a CR applied
    // before its notifiers existed never adopted the console-made policy).
    if (cr.found && missingInCr.length === 0 && (managed || failing)) {
      const refusal = failing
        ? explainNotifierRefusal(
            failing.message,
            state.notifiers.map((n) => n.name),
            centralNamespace,
          )
        : undefined;
      return goal(
        'policy-notifiers',
        'fail',
        `${detail} Its CR ${crName} lists them, but Central has not taken them up${failing ? ` (${failing.type}: ${failing.message})` : ''}${refusal ? `. ${refusal.cause}` : ''}.`,
        {
          hint: refusal
            ? `${refusal.fix.charAt(0).toUpperCase()}${refusal.fix.slice(1)}.`
            : failing
              ? 'Fix what the condition says (a notifier name must match the integration exactly) and re-apply.'
              : `Wait a few seconds for the config-controller and run check again; \`oc get securitypolicy -n ${centralNamespace} ${cr.object.metadata.name} -o yaml\` shows its status.`,
        },
      );
    }
    if (managed) {
      return goal(
        'policy-notifiers',
        'fail',
        `${detail} The policy is managed by a SecurityPolicy CR${crName ? ` (${crName})` : ''}.`,
        {
          hint: `Add spec.notifiers: [${all.join(', ')}] to the CR and re-apply it (oc apply -n ${centralNamespace} -f ...). Adding them in the console would be undone when the controller restores the CR (module finding F2).`,
          finding: 'F2',
        },
      );
    }
    return goal('policy-notifiers', 'fail', detail, {
      hint: `${strayHint(state)}Edit the policy (Policy Management -> "${policyName}" -> Edit -> Policy behavior -> Actions), select ${missingOnPolicy.join(' and ')} and save. If you manage it with the module's CR, put spec.notifiers: [${all.join(', ')}] in the CR instead.`,
    });
  }

  if (managed && !cr.found) {
    const reason =
      'error' in cr
        ? `its SecurityPolicy CR could not be read (${cr.error})`
        : 'its SecurityPolicy CR was not found';
    return goal(
      'policy-notifiers',
      'unverified',
      `"${policyName}" notifies both, but it is externally managed and ${reason}.`,
      {
        hint: `If the notifiers were added in the console, the controller will drop them when it restores the CR. Check with: oc get securitypolicy -n ${centralNamespace} -o yaml, and make sure spec.notifiers lists ${listed}.`,
        finding: 'F2',
      },
    );
  }
  if (managed && missingInCr.length > 0) {
    return goal(
      'policy-notifiers',
      'fail',
      `"${policyName}" notifies both for now, but its CR ${crName} does not list ${missingInCr.join(' or ')} in spec.notifiers.`,
      {
        hint: `They were added in the console. The policy is externally managed: the config-controller restores the CR's spec and drops them (within 30 minutes on RHACS 4.11+, at the next controller restart on 4.8-4.10), and alerts then stop with no error anywhere. Put spec.notifiers: [${all.join(', ')}] in the CR and re-apply it.`,
        finding: 'F2',
      },
    );
  }
  return goal(
    'policy-notifiers',
    'ok',
    `"${policyName}" notifies ${listed}${managed ? `, and its CR ${crName} lists ${all.length > 2 ? 'them all' : 'both'}` : ''}.`,
  );
}
