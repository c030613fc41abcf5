// Notifier deliveries for alerts and for the Test button. Each (alert, notifier) delivery runs on
// its own; a failed one becomes an administration event and, for alerts, a retry job.

import type { Alert, Notifier, RhacsVersion } from '../../types/rhacs.ts';
import type { ClusterState } from '../contract.ts';
import type { AdminEvents } from './admin-events.ts';
import {
  AlertRetryQueue,
  type DeliveryResult,
  describeDeliveryFailure,
  normalizeWebhookUrl,
  postWebhook,
  type RetryJob,
  type RetrySchedule,
  TEAMS_TIMEOUT_MS,
  webhookUrlFor,
} from './delivery.ts';
import { invalidArgs } from './errors.ts';
import { compactProtoJson, genericBody, postGeneric, sendGenericTest } from './generic-notifier.ts';
import { slackAlertBody, slackTestBody, teamsAlertBody, teamsTestBody } from './payloads.ts';
import { alertJson } from './shapes.ts';
import type { CentralStore, StoredNotifier } from './store.ts';

export interface NotificationsOptions {
  store: CentralStore;
  events: AdminEvents;
  cluster: ClusterState;
  version: RhacsVersion;
  defaultUiEndpoint: () => string;
  retry: RetrySchedule;
  /** Central -> webhook: how long each POST takes to reach the hook (mocks/latency.ts; default 0). */
  postDelayMs?: number;
  log: (line: string) => void;
}

export class Notifications {
  private readonly queue: AlertRetryQueue;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly o: NotificationsOptions) {
    this.queue = new AlertRetryQueue(o.retry, (job) => this.retry(job));
  }

  /** Starts one delivery per notifier in the alert's policy snapshot; does not wait for them. */
  notifyAlert(alert: Alert): void {
    for (const notifierId of alert.policy.notifiers) {
      const notifier = this.o.store.notifiers.get(notifierId);
      if (!notifier) continue;
      const snapshot = structuredClone(alert);
      this.track(
        this.deliverAlert(snapshot, notifier).then((result) => {
          if (!result.ok)
            this.queue.add({ alertId: snapshot.id, notifierId: notifier.id, firstFailedAt: Date.now() });
        }),
      );
    }
  }

  /** POST /v1/notifiers/test: the test message always goes to labelDefault. */
  async testNotifier(notifier: StoredNotifier): Promise<void> {
    if (notifier.generic) {
      const result = await sendGenericTest(notifier.generic);
      this.recordFailures(notifier, result, notifier.generic.endpoint);
      if (!result.ok) throw invalidArgs('send test message failed');
      return;
    }
    const body = notifier.type === 'teams' ? teamsTestBody() : slackTestBody(this.o.version);
    const url = normalizeWebhookUrl(notifier.labelDefault);
    const result = await this.post(url, body, notifier);
    this.recordFailures(notifier, result, url);
    if (!result.ok) {
      throw invalidArgs('send test message failed');
    }
  }

  pendingRetries(): RetryJob[] {
    return this.queue.pending();
  }

  /** Resolves when every delivery started so far has finished (tests and shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.queue.close();
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.o.log(`central: delivery crashed: ${String(err)}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** In-cluster service names resolve as Central's pod would resolve them. */
  private resolve(url: string): string {
    return this.o.cluster.resolveServiceUrl?.(url) ?? url;
  }

  private timeoutFor(notifier: Notifier): number | undefined {
    return notifier.type === 'teams' ? TEAMS_TIMEOUT_MS : undefined;
  }

  private async deliverAlert(alert: Alert, notifier: StoredNotifier): Promise<DeliveryResult> {
    if (notifier.generic) {
      // generic.go AlertNotify: the whole storage.Alert, compact protojson, under "alert".
      const body = genericBody(compactProtoJson(alertJson(alert)), notifier.generic.extraFields);
      const result = await postGeneric(notifier.generic, body);
      this.recordFailures(notifier, result, notifier.generic.endpoint);
      return result;
    }
    const uiEndpoint = notifier.uiEndpoint || this.o.defaultUiEndpoint();
    const body =
      notifier.type === 'teams'
        ? teamsAlertBody(alert, uiEndpoint)
        : slackAlertBody(alert, uiEndpoint, this.o.version);
    const deployment = this.o.cluster.getDeployment(alert.namespace, alert.deployment.name);
    const namespace = this.o.cluster.getNamespace(alert.namespace);
    const url = webhookUrlFor(notifier, deployment, namespace);
    const result = await this.post(url, body, notifier);
    this.recordFailures(notifier, result, url);
    return result;
  }

  private async post(url: string, body: string, notifier: Notifier): Promise<DeliveryResult> {
    const delay = this.o.postDelayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return postWebhook(this.resolve(url), body, { timeoutMs: this.timeoutFor(notifier) });
  }

  private async retry(job: RetryJob): Promise<DeliveryResult> {
    const alert = this.o.store.alerts.get(job.alertId);
    const notifier = this.o.store.notifiers.get(job.notifierId);
    // Nothing left to deliver to or about: the job is done.
    if (!alert || !notifier) return { ok: true, attempts: 0, failures: [] };
    return this.deliverAlert(structuredClone(alert), notifier);
  }

  /** Central logs every failed try, so a 503 tried 3 times is 3 occurrences. */
  private recordFailures(notifier: Notifier, result: DeliveryResult, url: string): void {
    for (const attempt of result.failures) {
      const { message, hint } = describeDeliveryFailure(notifier, attempt, url);
      this.o.events.record({
        level: 'ADMINISTRATION_EVENT_LEVEL_ERROR',
        message,
        hint,
        domain: 'Integrations',
        // Only the notifier's name is a logged field, so the id stays empty
        // (pkg/logging/log_converter_impl.go, pkg/logging/fields.go).
        resource: { type: 'Notifier', id: '', name: notifier.name },
      });
    }
  }
}
