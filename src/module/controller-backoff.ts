// A CR refused for a notifier that Central has now. The config-controller failed before the
// notifier existed and retries a failed reconcile with controller-runtime's backoff (5 ms doubling
// up to 16 min 40 s, workqueue ItemExponentialFailureRateLimiter); it reconciles on a spec change
// (generation) only, so an unchanged re-apply or an annotation does not wake it
// (stackrox config-controller/internal/controller/policy_controller.go getEventFilter).

const MISSING_NOTIFIER = /Notifier '([^']+)' does not exist/;

export interface StaleRefusal {
  notifier: string;
  cause: string;
  fix: string;
}

/** undefined unless `message` names a missing notifier that is among `centralNotifiers` now. */
export function staleNotifierRefusal(
  message: string,
  centralNotifiers: readonly string[],
  centralNamespace: string,
): StaleRefusal | undefined {
  const notifier = MISSING_NOTIFIER.exec(message)?.[1];
  if (notifier === undefined || !centralNotifiers.includes(notifier)) return undefined;
  return {
    notifier,
    cause: `Central has the notifier ${notifier} now: the controller's last attempt was before it existed, and it retries with a backoff that doubles up to 16 min 40 s and ignores an unchanged re-apply`,
    fix: `make the controller reconcile now: oc -n ${centralNamespace} rollout restart deployment/config-controller (or change the CR's spec), then run again`,
  };
}
