// A CR refused with "Notifier 'X' does not exist", read against Central's notifiers now:
// - X exists now: the config-controller failed before it existed and retries a failed reconcile
//   with controller-runtime's backoff (5 ms doubling up to 16 min 40 s, workqueue
//   ItemExponentialFailureRateLimiter); it reconciles on a spec change (generation) only, so an
//   unchanged re-apply or an annotation does not wake it
//   (stackrox config-controller/internal/controller/policy_controller.go getEventFilter);
// - a notifier with a near name exists: a typo in spec.notifiers (names must match exactly).

const MISSING_NOTIFIER = /Notifier '([^']+)' does not exist/;

export interface NotifierRefusal {
  kind: 'stale' | 'misspelt';
  notifier: string;
  cause: string;
  fix: string;
}

/** Levenshtein distance, for names a few keystrokes apart. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** undefined unless `message` names a missing notifier that Central has now, or nearly has. */
export function explainNotifierRefusal(
  message: string,
  centralNotifiers: readonly string[],
  centralNamespace: string,
): NotifierRefusal | undefined {
  const notifier = MISSING_NOTIFIER.exec(message)?.[1];
  if (notifier === undefined) return undefined;
  if (centralNotifiers.includes(notifier)) {
    return {
      kind: 'stale',
      notifier,
      cause: `Central has the notifier ${notifier} now: the controller's last attempt was before it existed, and it retries with a backoff that doubles up to 16 min 40 s and ignores an unchanged re-apply`,
      fix: `make the controller reconcile now: oc -n ${centralNamespace} rollout restart deployment/config-controller (or change the CR's spec), then run again`,
    };
  }
  const near = centralNotifiers.find(
    (n) => n.toLowerCase() === notifier.toLowerCase() || distance(n, notifier) <= 2,
  );
  if (near === undefined) return undefined;
  return {
    kind: 'misspelt',
    notifier,
    cause: `Central has no notifier ${notifier}, but has ${near}`,
    fix: `write ${near} in spec.notifiers (names must match exactly) and re-apply: a changed spec is reconciled at once`,
  };
}
