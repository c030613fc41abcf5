// The checks kube-apiserver makes on pods/exec before it upgrades the connection, and the
// ExecSession handed to the WebSocket side (exec-socket.ts) once they pass.
import type { ExecSession, ExecutedBinary, KubeObject, ProcessEvent } from '../contract.ts';
import { PODS, storeKey } from './resources.ts';
import { badRequest, notFound } from './status.ts';
import type { ObjectStore } from './store.ts';
import { containerProfileFor, type Workloads } from './workload.ts';

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return value === '' || value === 'true' || value === '1' || value === 'True';
}

interface ContainerStatus {
  name: string;
  containerID?: string;
  imageID?: string;
  state?: { running?: { startedAt?: string } };
}

function basename(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? path;
}

export interface ExecContext {
  store: ObjectStore;
  workloads: Workloads;
  clusterId: string;
  emit(event: ProcessEvent): void;
  nextPid(): number;
}

/** Resolves the pod and container and builds the session; throws ApiError (400/404) otherwise. */
export function prepareExec(
  ctx: ExecContext,
  namespace: string,
  podName: string,
  query: URLSearchParams,
): ExecSession {
  const pod = ctx.store.get(storeKey(PODS), namespace, podName);
  if (!pod) throw notFound(PODS, podName);
  const containers = ((pod.spec?.containers as { name: string }[] | undefined) ?? []).map((c) => c.name);
  const containerName = query.get('container') || containers[0];
  if (!containerName || !containers.includes(containerName)) {
    throw badRequest(`container ${containerName ?? ''} is not valid for pod ${podName}`);
  }
  const command = query.getAll('command');
  const stdin = flag(query, 'stdin');
  const stdout = flag(query, 'stdout');
  const stderr = flag(query, 'stderr');
  const tty = flag(query, 'tty');
  if (!stdin && !stdout && !stderr) throw badRequest('you must specify at least 1 of stdin, stdout, stderr');
  if (command.length === 0) throw badRequest('you must specify at least one command for the container');

  const profile = containerProfileFor(pod, containerName, podName);
  const env = tty ? { ...profile.env, TERM: 'xterm' } : { ...profile.env };
  return {
    podName,
    namespace,
    containerName,
    hostname: podName,
    user: profile.user,
    workingDir: profile.workingDir,
    env,
    command,
    stdin,
    stdout,
    // With a TTY the streams are merged: everything arrives on stdout.
    stderr: stderr && !tty,
    tty,
    onExec: (binary) => ctx.emit(processEvent(ctx, pod, containerName, binary)),
  };
}

function processEvent(
  ctx: ExecContext,
  snapshot: KubeObject,
  containerName: string,
  binary: ExecutedBinary,
): ProcessEvent {
  const pod =
    ctx.store.get(storeKey(PODS), snapshot.metadata.namespace ?? '', snapshot.metadata.name) ?? snapshot;
  const statuses = (pod.status?.containerStatuses as ContainerStatus[] | undefined) ?? [];
  const status = statuses.find((s) => s.name === containerName);
  const deployment = ctx.workloads.deploymentOfPod(pod);
  const fullId = (status?.containerID ?? '').replace(/^[a-z-]+:\/\//, '');
  const imageID = status?.imageID ?? '';
  return {
    time: new Date().toISOString(),
    clusterId: ctx.clusterId,
    namespace: pod.metadata.namespace ?? '',
    deploymentName: deployment?.metadata.name ?? '',
    deploymentUid: deployment?.metadata.uid ?? '',
    podName: pod.metadata.name,
    podUid: pod.metadata.uid,
    containerName,
    // Collector reports the short (12 hex) container id.
    containerId: fullId.slice(0, 12),
    containerStartTime: status?.state?.running?.startedAt ?? pod.metadata.creationTimestamp,
    imageId: imageID.includes('@') ? (imageID.split('@')[1] ?? imageID) : imageID,
    execFilePath: binary.execFilePath,
    name: basename(binary.execFilePath),
    args: binary.args,
    uid: binary.uid,
    gid: binary.gid,
    pid: ctx.nextPid(),
    parentExecFilePath: binary.parentExecFilePath,
  };
}
