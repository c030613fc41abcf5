// Where the in-cluster receiver lives, and what removing it takes, for three kinds of user:
// - may create namespaces (cluster-admin): the namespace rhacs-harness-<run id>, labelled with the
//   run id, deleted afterwards;
// - an OpenShift user without that right: the same name requested as a project
//   (project.openshift.io/v1 ProjectRequest, the self-provisioner's way; docs.redhat.com OpenShift
//   "Project APIs", "Creating a project as another user"/"Configuring project creation"), deleted as a
//   project afterwards (the requester is the project's admin);
// - RECEIVER_NAMESPACE: an existing namespace; only the receiver's own objects are created there and
//   removed afterwards.
// A worker started after a failed test finds its run's receiver by the run id label and attaches.
import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Namespace } from '@kubernetes/client-node';
import { HarnessError } from '../errors.ts';
import { requestOptions } from '../kube/context.ts';
import { apiFailure } from '../kube/status.ts';
import { Probe, seconds, Wait } from '../wait.ts';
import { kubeRawRequest, statusMessage } from './kube-raw.ts';

export const RUN_ID_LABEL = 'rhacs-harness/run-id';

/** What this run owns: the namespace, the project, or only the receiver's objects in someone's namespace. */
export type ReceiverOwnership = 'namespace' | 'project' | 'objects';

export interface ReceiverNamespace {
  name: string;
  ownership: ReceiverOwnership;
  /** True when this run's receiver is already deployed there (a restarted worker): nothing to create. */
  attach: boolean;
}

export interface NamespaceClaim {
  runId: string;
  /** RECEIVER_NAMESPACE, when set. */
  existing?: string;
  /** The receiver Deployment's name. */
  receiverName: string;
  labels: Record<string, string>;
  timeoutMs: number;
}

const PROJECT_REQUESTS = '/apis/project.openshift.io/v1/projectrequests';
const projectPath = (name: string) => `/apis/project.openshift.io/v1/projects/${encodeURIComponent(name)}`;

function failure(e: unknown): { httpCode?: number; text: string } {
  const f = apiFailure(e);
  return { ...(f.httpCode === undefined ? {} : { httpCode: f.httpCode }), text: f.message };
}

/** `"create" on "namespaces" (cluster scope)` from RBAC's Forbidden message, or undefined. */
export function missingPermission(forbiddenMessage: string): string | undefined {
  const m =
    /cannot (\S+) resource "([^"]+)" in API group "([^"]*)"(?: (at the cluster scope|in the namespace "[^"]*"))?/.exec(
      forbiddenMessage,
    );
  if (!m) return undefined;
  const [, verb, resource, group, scope] = m;
  const where =
    scope === undefined ? '' : scope === 'at the cluster scope' ? ', cluster scope' : `, ${scope}`;
  return `"${verb}" on "${resource}" (API group "${group}"${where})`;
}

function namespaceMissing(name: string): HarnessError {
  return new HarnessError({
    code: 'RECEIVER_NAMESPACE_MISSING',
    what: `Deploying the in-cluster receiver into RECEIVER_NAMESPACE=${name}`,
    cause: `namespace ${name} does not exist; RECEIVER_NAMESPACE names an existing namespace the harness deploys its receiver into`,
    fix: `create it first (\`oc new-project ${name}\`, or ask an admin for one you may deploy into), or unset RECEIVER_NAMESPACE to let the harness create rhacs-harness-<run id>`,
    details: { namespace: name },
  });
}

export class ReceiverNamespaces {
  readonly #kc: KubeConfig;
  readonly #core: CoreV1Api;
  readonly #apps: AppsV1Api;
  readonly #claim: NamespaceClaim;

  constructor(kc: KubeConfig, claim: NamespaceClaim) {
    this.#kc = kc;
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#apps = kc.makeApiClient(AppsV1Api);
    this.#claim = claim;
  }

  get #name(): string {
    return this.#claim.existing ?? `rhacs-harness-${this.#claim.runId}`;
  }

  async #read(what: string): Promise<V1Namespace | undefined> {
    return this.#core.readNamespace({ name: this.#name }, requestOptions(this.#claim.timeoutMs)).then(
      (ns) => ns,
      (e: unknown) => {
        const f = failure(e);
        if (f.httpCode === 404) return undefined;
        throw new HarnessError({
          code: f.httpCode === 403 ? 'RECEIVER_FORBIDDEN' : 'RECEIVER_DEPLOY_FAILED',
          what,
          cause: f.httpCode === undefined ? f.text : `the API server answered ${f.httpCode}: ${f.text}`,
          fix:
            f.httpCode === 403
              ? `the kubeconfig user needs ${missingPermission(f.text) ?? '"get" on "namespaces"'}`
              : 'check the kubeconfig (server, credentials) and that the cluster is reachable',
        });
      },
    );
  }

  /** The run id on the receiver Deployment in the namespace ('' when unlabelled), or undefined when there is none. */
  async #receiverRun(): Promise<string | undefined> {
    const opts = requestOptions(this.#claim.timeoutMs);
    return this.#apps
      .readNamespacedDeployment({ namespace: this.#name, name: this.#claim.receiverName }, opts)
      .then(
        (d) => d.metadata?.labels?.[RUN_ID_LABEL] ?? '',
        (e: unknown) => {
          if (failure(e).httpCode === 404) return undefined;
          throw new HarnessError({
            code: 'RECEIVER_DEPLOY_FAILED',
            what: `Looking for a receiver in namespace ${this.#name}`,
            cause: failure(e).text,
            fix: `check the kubeconfig user may get deployments in ${this.#name}`,
          });
        },
      );
  }

  /** Finds or creates where the receiver goes; throws what to do when it cannot. */
  async claim(): Promise<ReceiverNamespace> {
    const name = this.#name;
    const what = `Deploying the in-cluster receiver in namespace ${name}`;
    const existing = await this.#read(what);
    const terminating = existing?.metadata?.deletionTimestamp !== undefined;
    if (this.#claim.existing !== undefined) {
      if (!existing) throw namespaceMissing(name);
      const owner = terminating ? undefined : await this.#receiverRun();
      if (owner === this.#claim.runId) return { name, ownership: 'objects', attach: true };
      if (terminating || owner !== undefined)
        throw new HarnessError({
          code: terminating ? 'RECEIVER_NAMESPACE_EXISTS' : 'RECEIVER_IN_USE',
          what,
          cause: terminating
            ? `namespace ${name} is being deleted`
            : `deployment ${this.#claim.receiverName} is there already, of ${owner ? `run ${owner}` : 'no harness run (unlabelled)'}`,
          fix: terminating
            ? 'wait for it to go, or set RECEIVER_NAMESPACE to another namespace'
            : `wait for that run to end, or remove it if it is a leftover (\`oc -n ${name} delete deployment,service,configmap -l ${RUN_ID_LABEL}=${owner || '...'}\`), or set RECEIVER_NAMESPACE to another namespace`,
          details: { namespace: name },
        });
      return { name, ownership: 'objects', attach: false };
    }
    if (existing) {
      const labelled = existing.metadata?.labels?.[RUN_ID_LABEL] === this.#claim.runId;
      // A project carries no labels of the requester's choosing: its receiver Deployment tells.
      const ours = !terminating && (labelled || (await this.#receiverRun()) === this.#claim.runId);
      if (ours) return { name, ownership: labelled ? 'namespace' : 'project', attach: true };
      throw new HarnessError({
        code: 'RECEIVER_NAMESPACE_EXISTS',
        what,
        cause: `namespace ${name} already exists${terminating ? ' and is still terminating' : ''}; the harness deletes the receiver namespace afterwards, so it only uses one it creates`,
        fix: `wait for it to go or delete it if it is a leftover of an earlier run (\`oc delete project ${name}\`), or set RECEIVER_NAMESPACE to an existing namespace to deploy into`,
        details: { namespace: name },
      });
    }
    return { name, ownership: await this.#create(what), attach: false };
  }

  async #create(what: string): Promise<ReceiverOwnership> {
    const name = this.#name;
    const opts = requestOptions(this.#claim.timeoutMs);
    const refused = await this.#core
      .createNamespace({ body: { metadata: { name, labels: this.#claim.labels } } }, opts)
      .then(
        () => undefined,
        (e: unknown) => failure(e),
      );
    if (refused === undefined) return 'namespace';
    if (refused.httpCode !== 403)
      throw new HarnessError({
        code: 'RECEIVER_DEPLOY_FAILED',
        what,
        cause:
          refused.httpCode === undefined
            ? refused.text
            : `the API server answered ${refused.httpCode}: ${refused.text}`,
        fix: 'check the cluster is reachable and the namespace name is free, or set RECEIVER_NAMESPACE to an existing namespace',
      });
    // Not allowed to create namespaces: on OpenShift a user may request a project (self-provisioner).
    const request = {
      apiVersion: 'project.openshift.io/v1',
      kind: 'ProjectRequest',
      metadata: { name },
      displayName: 'RHACS notifications harness receiver',
      description: `Slack/Teams receiver of the RHACS notifications harness, run ${this.#claim.runId}; removed when the run ends`,
    };
    const answer = await kubeRawRequest(this.#kc, 'POST', PROJECT_REQUESTS, {
      body: JSON.stringify(request),
      timeoutMs: this.#claim.timeoutMs,
    }).catch((e: unknown) => ({
      status: 0,
      text: e instanceof Error ? e.message : String(e),
      contentType: '',
    }));
    if (answer.status === 200 || answer.status === 201) return 'project';
    const project =
      answer.status === 404
        ? 'the cluster serves no project.openshift.io ProjectRequest (not OpenShift)'
        : `a project.openshift.io ProjectRequest was refused too (${answer.status || 'no answer'}: ${statusMessage(answer.text)})`;
    throw new HarnessError({
      code: 'RECEIVER_FORBIDDEN',
      what,
      cause: `the API server answered 403: ${refused.text}; ${project}`,
      fix: `set RECEIVER_NAMESPACE to an existing namespace where this user may create configmaps, deployments and services (the harness deploys only its receiver there, labelled ${RUN_ID_LABEL}=${this.#claim.runId}, and removes only that), or grant the user ${missingPermission(refused.text) ?? '"create" on "namespaces"'}, or use RECEIVER_MODE=public`,
      details: { namespace: name, httpCode: 403 },
    });
  }

  /** Deletes what the run owns and waits until it is gone (bounded). */
  async release(where: ReceiverNamespace, timeoutMs: number, pollMs: number): Promise<void> {
    const opts = requestOptions(this.#claim.timeoutMs);
    const name = where.name;
    const what = `Removing the in-cluster receiver ${where.ownership === 'objects' ? `from namespace ${name}` : `namespace ${name}`}`;
    const ignore404 = (fix: string) => (e: unknown) => {
      const f = failure(e);
      if (f.httpCode === 404) return;
      throw new HarnessError({ code: 'RECEIVER_DEPLOY_FAILED', what, cause: f.text, fix });
    };
    if (where.ownership === 'namespace') {
      await this.#core
        .deleteNamespace({ name }, opts)
        .catch(ignore404(`delete it by hand: oc delete project ${name}`));
    } else if (where.ownership === 'project') {
      const answer = await kubeRawRequest(this.#kc, 'DELETE', projectPath(name), {
        timeoutMs: this.#claim.timeoutMs,
      });
      if (answer.status !== 200 && answer.status !== 404)
        throw new HarnessError({
          code: 'RECEIVER_DEPLOY_FAILED',
          what,
          cause: `the API server answered ${answer.status}: ${statusMessage(answer.text)}`,
          fix: `delete it by hand: oc delete project ${name}`,
        });
    } else {
      const fix = `delete them by hand: oc -n ${name} delete deployment,service,configmap -l ${RUN_ID_LABEL}=${this.#claim.runId}`;
      const target = { namespace: name, name: this.#claim.receiverName };
      await this.#core.deleteNamespacedService(target, opts).catch(ignore404(fix));
      await this.#apps.deleteNamespacedDeployment(target, opts).catch(ignore404(fix));
      await this.#core.deleteNamespacedConfigMap(target, opts).catch(ignore404(fix));
    }
    const objects = where.ownership === 'objects';
    await Wait.until<true, string>(
      async () => {
        const left = await this.#leftOver(where);
        return left === undefined ? Probe.done(true) : Probe.notYet(left);
      },
      {
        timeoutMs,
        intervalMs: pollMs,
        factor: 1,
        onTimeout: ({ elapsedMs, lastSeen }) =>
          new HarnessError({
            code: 'RECEIVER_CLEANUP_TIMEOUT',
            what,
            cause: `not gone within ${seconds(elapsedMs)}: ${lastSeen ?? (objects ? "the receiver's pods" : `namespace ${name}`)} still there`,
            fix: objects
              ? `check them: oc -n ${name} get pods -l app.kubernetes.io/name=${this.#claim.receiverName}`
              : `check what holds it: oc get namespace ${name} -o yaml (status.conditions), then oc delete project ${name}`,
            details: { namespace: name, ...(lastSeen === undefined ? {} : { left: lastSeen }) },
          }),
      },
    );
  }

  /** What is left of the run's receiver (e.g. "namespace x (Terminating)", "pod p"), or undefined when it is gone. */
  async #leftOver(where: ReceiverNamespace): Promise<string | undefined> {
    const opts = requestOptions(this.#claim.timeoutMs);
    if (where.ownership !== 'objects')
      return this.#core.readNamespace({ name: where.name }, opts).then(
        (ns) => `namespace ${where.name} (${ns.status?.phase ?? 'phase unknown'})`,
        (e: unknown) =>
          failure(e).httpCode === 404
            ? undefined
            : `namespace ${where.name} (unreadable: ${failure(e).text})`,
      );
    const pods = await this.#core
      .listNamespacedPod(
        { namespace: where.name, labelSelector: `${RUN_ID_LABEL}=${this.#claim.runId}` },
        opts,
      )
      .catch((e: unknown) => failure(e).text);
    if (typeof pods === 'string') return `the receiver's pods (unlistable: ${pods})`;
    if (pods.items.length === 0) return undefined;
    return `pod${pods.items.length === 1 ? '' : 's'} ${pods.items.map((p) => p.metadata?.name ?? '?').join(', ')}`;
  }
}
