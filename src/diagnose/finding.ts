// A module finding: one of the ways the Notifications module, as written, goes wrong
// (shared/reference/module-findings.md). Detectors create one only from what the target did;
// `happened` carries that evidence, `why` and `fix` come from the reference.

export type FindingId = 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10';

export interface Finding {
  id: FindingId;
  title: string;
  /** What the target did, with the evidence (already redacted). */
  happened: string;
  why: string;
  fix: string;
  /**
   * 'defect': the module's promise breaks (the step fails).
   * 'advisory': the module text misleads but the run still works (reported, does not fail).
   */
  severity: 'defect' | 'advisory';
}

interface FindingText {
  title: string;
  why: string;
  fix: string;
}

export const FINDING_TEXT: Record<FindingId, FindingText> = {
  F1: {
    title: "The module's SecurityPolicy YAML carries fields the CRD does not define",
    why: "The YAML was copied from Central's policy JSON export; SORTName, SORTLifecycleStage, SORTEnforcement and policyVersion are not in the SecurityPolicy schema, and `oc apply` validates strictly by default",
    fix: 'Drop SORTName, SORTLifecycleStage, SORTEnforcement and policyVersion from the CR (see module/no-bash-allowed.yaml)',
  },
  F2: {
    title: 'Notifiers added in the console to an externally managed policy are reverted',
    why: 'The policy is owned by a SecurityPolicy CR (source DECLARATIVE, "Externally managed"); the console edit is accepted, then the config-controller restores the CR\'s spec and drops the notifiers (30 min on 4.11+, at controller restart on 4.8-4.10)',
    fix: 'Put `notifiers: [slack-alerts, teams-alerts]` into the CR spec instead of editing the policy in the console',
  },
  F3: {
    title: 'The Slack steps create a workflow trigger, which drops RHACS alert content',
    why: 'Automations -> New Workflow -> "From a webhook" creates a /triggers/ URL that keeps only declared flat string variables; RHACS puts the alert in nested `attachments` (4.10 and older send `"text":""`), so the alert reaches the channel empty',
    fix: 'Use a Slack app Incoming Webhook (/services/... URL), or declare summary, severity, policy, alert_url and violations in the workflow (RHACS 4.11+) and use them in its message step',
  },
  F4: {
    title: 'The Slack form has no "Default Channel" field',
    why: 'The notifier has only a name, a default webhook (labelDefault) and an annotation key; the channel is fixed by the webhook',
    fix: 'Remove the "Default Channel" step from the module',
  },
  F5: {
    title: 'Teams Workflows accept the post, then the flow run fails: nothing reaches the channel',
    why: 'A Teams Workflows webhook answers 202 to anything and then expects an Adaptive Card envelope (`attachments`); RHACS sends a connector-style card without `attachments`, so RHACS reports "The test was successful" while the run fails',
    fix: 'Edit the flow: add a Compose step that builds an Adaptive Card from the title, text and sections of the request body and post that; re-test and check the channel (or the flow run history)',
  },
  F6: {
    title: 'The Teams card for a process violation has no violation text',
    why: "RHACS builds the card's violation section only from `violations[]`; a process alert keeps its message in `processViolation`, so \"Binary '/bin/bash' executed\" never appears in Teams",
    fix: 'Tell students what the card shows: the policy name, deployment, namespace and the alert link',
  },
  F7: {
    title: "The module's sample terminal output uses the wrong pod label",
    why: 'The sample runs `oc get pod -l app=ctf-web-to-system`, but the workload is labelled app=visa-processor',
    fix: 'Change the sample to `-l app=visa-processor -n payments`',
  },
  F8: {
    title: 'Re-running the exec re-notifies the same alert, or is silently dropped',
    why: 'While an alert is ACTIVE each matching exec merges into it (same alert id) and re-notifies; sensor drops the 6th identical exec per container and an alert stops at 40 processes',
    fix: 'Resolve the previous alert before a run, vary the command line, and restart the pod when the exec budget is spent',
  },
  F9: {
    title: "A SecurityPolicy outside Central's namespace is silently ignored",
    why: "Only CRs in Central's own namespace (stackrox by default, wherever the operator installed Central otherwise) are reconciled; elsewhere the API server accepts the CR and nothing else happens",
    fix: "Apply the CR with `-n <Central's namespace>` (stackrox by default) and wait for the condition AcceptedByCentral=True",
  },
  F10: {
    title: '`oc exec -i --tty` needs a terminal, which automation does not have',
    why: 'With no TTY on stdin, `oc exec --tty` prints "Unable to use a TTY" and falls back, or hangs waiting for input in CI',
    fix: 'In automation, exec through the Kubernetes API without a TTY, with a script (`bash -c ...`) and a timeout',
  },
};

export function finding(id: FindingId, happened: string, severity: Finding['severity'] = 'defect'): Finding {
  return { id, ...FINDING_TEXT[id], happened, severity };
}
