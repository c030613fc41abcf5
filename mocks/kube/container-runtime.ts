// The lab's kubelet and container runtime, for one case only: a container running `node <script>`
// from a Node.js image with the script mounted from a ConfigMap. Such a pod is really run: the script
// starts under the current Node (cwd a temp dir, PORT set, bound to 127.0.0.1 on a free port). Pods of
// the emulated workshop images stay Running as before; any other container is scheduled but never
// starts (ContainerCreating, not ready): the lab cannot pull or run images.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import type { KubeObject } from '../contract.ts';
import { nowTimestamp, randomHex } from './ids.ts';
import { CONFIGMAPS, PODS, storeKey } from './resources.ts';
import type { ObjectStore } from './store.ts';
import { isEmulatedImage } from './workload.ts';

const POD = storeKey(PODS);
const CM = storeKey(CONFIGMAPS);
const READY_TIMEOUT_MS = 15_000;
const KILL_GRACE_MS = 2_000;
const LOG_LIMIT = 64 * 1024;

// Ends the script when the lab's process dies without closing it (stdin is a pipe from the lab).
const WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "process.stdin.on('close',()=>process.exit(0));process.stdin.on('error',()=>{});process.stdin.resume();process.stdin.unref?.();",
)}`;

interface Rec {
  [key: string]: unknown;
}

const rec = (value: unknown): Rec =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Rec) : {};
const list = (value: unknown): Rec[] => (Array.isArray(value) ? value.map(rec) : []);

/** A container the runtime can start: the script's path inside the container and the mounts to write. */
interface NodePlan {
  containerName: string;
  image: string;
  argv: string[];
  env: Record<string, string>;
  /** The container port the process is expected to listen on. */
  containerPort: number;
  mounts: { mountPath: string; configMap: string; items?: { key: string; path: string }[] }[];
}

export interface RunningContainer {
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  pid: number;
  /** The loopback port the process was told to listen on (its PORT). */
  hostPort: number;
  containerPort: number;
  ready: boolean;
}

interface Process extends RunningContainer {
  child: ChildProcess;
  dir: string;
  log: string;
  exited: Promise<void>;
  stopping: boolean;
}

/** A Node.js image by name: node, nodejs, nodejs-20-minimal and the like. */
export function isNodeImage(image: string): boolean {
  const last = image.split('/').pop() ?? '';
  const name = last.split('@')[0]?.split(':')[0] ?? '';
  return /^node(js)?([-.][a-z0-9]+)*$/.test(name);
}

function isNodeBinary(arg: string | undefined): boolean {
  return arg === 'node' || (arg !== undefined && posix.isAbsolute(arg) && posix.basename(arg) === 'node');
}

/** How the runtime would start a container, or why it cannot. */
export function planContainer(pod: KubeObject, container: Rec): NodePlan | string {
  const image = String(container.image ?? '');
  if (!isNodeImage(image))
    return `image ${image} cannot run in the lab (only Node.js images running a mounted script)`;
  const argv = [
    ...(Array.isArray(container.command) ? container.command.map(String) : []),
    ...(Array.isArray(container.args) ? container.args.map(String) : []),
  ];
  const script = argv[1];
  if (!isNodeBinary(argv[0]) || script === undefined || !posix.isAbsolute(script)) {
    return 'the lab runs only `node /absolute/path/script` commands';
  }
  const volumes = list(rec(pod.spec).volumes);
  const mounts: NodePlan['mounts'] = [];
  for (const mount of list(container.volumeMounts)) {
    const volume = volumes.find((v) => v.name === mount.name);
    const configMap = rec(volume?.configMap);
    if (typeof configMap.name !== 'string') continue;
    const entry: NodePlan['mounts'][number] = {
      mountPath: String(mount.mountPath ?? ''),
      configMap: configMap.name,
    };
    if (Array.isArray(configMap.items)) {
      entry.items = list(configMap.items).map((i) => ({ key: String(i.key), path: String(i.path) }));
    }
    mounts.push(entry);
  }
  if (!mounts.some((m) => script.startsWith(`${m.mountPath.replace(/\/+$/, '')}/`))) {
    return `the script ${script} is not under a ConfigMap volume mount`;
  }
  const env: Record<string, string> = {};
  for (const e of list(container.env)) if (typeof e.value === 'string') env[String(e.name)] = e.value;
  const ports = list(container.ports).map((p) => Number(p.containerPort));
  const fromEnv = Number(env.PORT);
  const containerPort = ports.includes(fromEnv) ? fromEnv : (ports[0] ?? (fromEnv || 8080));
  return { containerName: String(container.name), image, argv, env, containerPort, mounts };
}

function waitingStatus(container: Rec, reason: string): Rec {
  return {
    name: String(container.name),
    state: { waiting: { reason } },
    lastState: {},
    ready: false,
    restartCount: 0,
    image: String(container.image),
    imageID: '',
    started: false,
  };
}

function conditions(ready: boolean, started: boolean, at: string): Rec[] {
  const row = (type: string, status: boolean, reason?: string) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(status || !reason ? {} : { reason }),
  });
  return [
    row('PodReadyToStartContainers', started),
    row('Initialized', true),
    row('Ready', ready, 'ContainersNotReady'),
    row('ContainersReady', ready, 'ContainersNotReady'),
    row('PodScheduled', true),
  ];
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ContainerRuntime {
  private readonly processes = new Map<string, Process>();
  private readonly logs = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly store: ObjectStore,
    /** Called when a pod's readiness changed, so the owner's status follows. */
    private readonly onPodReadiness: (pod: KubeObject) => void,
  ) {
    this.unsubscribe = store.subscribe((event) => {
      if (event.resource !== POD) return;
      if (event.type === 'DELETED') void this.stop(event.object.metadata.uid);
      // Started after the ADDED event went out to every watcher, so watches see the order a kubelet gives.
      else if (event.type === 'ADDED' && this.wantsStart(event.object)) {
        const pod = event.object;
        queueMicrotask(() => void this.start(pod));
      }
    });
  }

  /** PodAdmission for Workloads: the status a new pod starts with. */
  admit = (pod: KubeObject): KubeObject => {
    const containers = list(rec(pod.spec).containers);
    if (containers.every((c) => isEmulatedImage(String(c.image)))) return pod;
    const at = nowTimestamp();
    const status = rec(pod.status);
    pod.status = {
      phase: 'Pending',
      conditions: conditions(false, false, at),
      hostIP: status.hostIP,
      hostIPs: status.hostIPs,
      podIP: status.podIP,
      podIPs: status.podIPs,
      startTime: at,
      qosClass: status.qosClass ?? 'BestEffort',
      containerStatuses: containers.map((c) => waitingStatus(c, 'ContainerCreating')),
    };
    return pod;
  };

  /** Containers the runtime started and that are still alive. */
  running(): RunningContainer[] {
    return [...this.processes.values()].map(
      ({ namespace, pod, podUid, container, pid, hostPort, containerPort, ready }) => ({
        namespace,
        pod,
        podUid,
        container,
        pid,
        hostPort,
        containerPort,
        ready,
      }),
    );
  }

  /** The loopback port serving a pod's container port, when its process is up and ready. */
  endpoint(podUid: string, containerPort: number): number | undefined {
    const p = this.processes.get(podUid);
    return p?.ready && !p.stopping && p.containerPort === containerPort ? p.hostPort : undefined;
  }

  /** What the pod's process wrote to stdout and stderr (also after it was stopped). */
  logsOf(podUid: string): string | undefined {
    return this.processes.get(podUid)?.log ?? this.logs.get(podUid);
  }

  /** Resolves once every process of the namespace has exited (their pods are already deleted). */
  async drained(namespace: string): Promise<void> {
    await Promise.all(
      [...this.processes.values()].filter((p) => p.namespace === namespace).map((p) => p.exited),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    await Promise.all([...this.processes.keys()].map((uid) => this.stop(uid)));
  }

  private wantsStart(pod: KubeObject): boolean {
    const containers = list(rec(pod.spec).containers);
    if (containers.some((c) => isEmulatedImage(String(c.image)))) return false;
    return containers.length === 1 && typeof planContainer(pod, containers[0] ?? {}) !== 'string';
  }

  private async start(pod: KubeObject): Promise<void> {
    if (this.closed) return;
    const ns = pod.metadata.namespace ?? '';
    const plan = planContainer(pod, list(rec(pod.spec).containers)[0] ?? {});
    if (typeof plan === 'string') return;
    // A missing ConfigMap (or key) keeps the pod in ContainerCreating, as a failed mount does.
    const files: { path: string; text: string }[] = [];
    for (const mount of plan.mounts) {
      const cm = this.store.get(CM, ns, mount.configMap);
      if (!cm) return;
      const data = rec(cm.data);
      const items = mount.items ?? Object.keys(data).map((key) => ({ key, path: key }));
      for (const item of items) {
        if (typeof data[item.key] !== 'string') return;
        files.push({ path: posix.join(mount.mountPath, item.path), text: data[item.key] as string });
      }
    }
    const hostPort = await freeLoopbackPort();
    if (this.closed || !this.store.get(POD, ns, pod.metadata.name)) return;
    const dir = mkdtempSync(join(tmpdir(), 'lab-container-'));
    for (const file of files) {
      const target = join(dir, ...file.path.split('/').filter(Boolean));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    }
    const [, script, ...rest] = plan.argv;
    const scriptPath = join(dir, ...(script ?? '').split('/').filter(Boolean));
    const child = spawn(process.execPath, ['--import', WATCHDOG, scriptPath, ...rest], {
      cwd: dir,
      // Nothing of the lab's own environment (it holds tokens) reaches the container.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOSTNAME: pod.metadata.name,
        ...plan.env,
        PORT: String(hostPort),
        HOST: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let resolveExit = () => {};
    const proc: Process = {
      namespace: ns,
      pod: pod.metadata.name,
      podUid: pod.metadata.uid,
      container: plan.containerName,
      pid: child.pid ?? -1,
      hostPort,
      containerPort: plan.containerPort,
      ready: false,
      child,
      dir,
      log: '',
      exited: new Promise<void>((resolve) => {
        resolveExit = resolve;
      }),
      stopping: false,
    };
    const append = (chunk: Buffer) => {
      proc.log = (proc.log + chunk.toString('utf8')).slice(-LOG_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.stdin?.on('error', () => {});
    child.once('error', (err) => append(Buffer.from(`lab runtime: ${err.message}\n`)));
    child.once('exit', (code, signal) => {
      this.logs.set(proc.podUid, proc.log);
      this.processes.delete(proc.podUid);
      rmSync(dir, { recursive: true, force: true });
      resolveExit();
      if (!proc.stopping) this.markExited(ns, proc, code, signal);
    });
    this.processes.set(proc.podUid, proc);
    this.setContainerState(ns, proc.pod, plan, { running: { startedAt: nowTimestamp() } }, false);
    void this.awaitReady(ns, proc, plan);
  }

  private async awaitReady(ns: string, proc: Process, plan: NodePlan): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline && this.processes.get(proc.podUid) === proc && !proc.stopping) {
      if (await canConnect(proc.hostPort)) {
        if (this.processes.get(proc.podUid) !== proc || proc.stopping) return;
        proc.ready = true;
        this.setContainerState(ns, proc.pod, plan, { running: { startedAt: nowTimestamp() } }, true);
        return;
      }
      await sleep(50);
    }
  }

  private markExited(ns: string, proc: Process, code: number | null, signal: NodeJS.Signals | null): void {
    const pod = this.store.get(POD, ns, proc.pod);
    if (!pod || this.closed) return;
    const plan = planContainer(pod, list(rec(pod.spec).containers)[0] ?? {});
    if (typeof plan === 'string') return;
    this.setContainerState(ns, proc.pod, plan, { waiting: { reason: 'CrashLoopBackOff' } }, false, {
      terminated: {
        exitCode: code ?? 137,
        reason: signal ? 'Error' : code === 0 ? 'Completed' : 'Error',
        finishedAt: nowTimestamp(),
      },
    });
  }

  private setContainerState(
    ns: string,
    podName: string,
    plan: NodePlan,
    state: Rec,
    ready: boolean,
    lastState: Rec = {},
  ): void {
    const pod = this.store.get(POD, ns, podName);
    if (!pod || pod.metadata.deletionTimestamp) return;
    const at = nowTimestamp();
    const running = 'running' in state;
    pod.status = {
      ...rec(pod.status),
      phase: 'Running',
      conditions: conditions(ready, true, at),
      containerStatuses: [
        {
          name: plan.containerName,
          state,
          lastState,
          ready,
          restartCount: 'terminated' in lastState ? 1 : 0,
          image: plan.image,
          imageID: `${plan.image.split(':')[0]}@sha256:${randomHex(32)}`,
          containerID: `cri-o://${randomHex(32)}`,
          started: running,
        },
      ],
    };
    this.onPodReadiness(this.store.update(POD, pod));
  }

  private async stop(podUid: string): Promise<void> {
    const proc = this.processes.get(podUid);
    if (!proc) return;
    proc.stopping = true;
    proc.ready = false;
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), KILL_GRACE_MS);
    await proc.exited;
    clearTimeout(timer);
  }
}
