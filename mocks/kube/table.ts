// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for with `as=Table`.
import type { KubeObject } from '../contract.ts';
import type { ResourceDef } from './resources.ts';

interface Column {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

function col(name: string, type = 'string', priority = 0, format = ''): Column {
  return { name, type, format, description: name, priority };
}

/** Go's duration.HumanDuration, as kubectl shows ages. */
export function humanAge(since: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  return days < 8 && hours % 24 !== 0 ? `${days}d${hours % 24}h` : `${days}d`;
}

type Row = (object: KubeObject) => unknown[];

function rec(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

const age = (o: KubeObject) => humanAge(o.metadata.creationTimestamp);

const PRINTERS: Record<string, { columns: Column[]; row: Row }> = {
  pods: {
    columns: [
      col('Name', 'string', 0, 'name'),
      col('Ready'),
      col('Status'),
      col('Restarts'),
      col('Age'),
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    row: (o) => {
      const statuses = (rec(o.status).containerStatuses as Record<string, unknown>[] | undefined) ?? [];
      const ready = statuses.filter((s) => s.ready).length;
      // As kubectl prints it: a waiting container's reason (ContainerCreating, CrashLoopBackOff) wins.
      const waiting = statuses
        .map((c) => rec(rec(c.state).waiting).reason)
        .find((r) => typeof r === 'string');
      const status = o.metadata.deletionTimestamp
        ? 'Terminating'
        : String(waiting ?? rec(o.status).phase ?? 'Pending');
      const restarts = statuses.reduce((n, s) => n + Number(s.restartCount ?? 0), 0);
      return [
        o.metadata.name,
        `${ready}/${statuses.length}`,
        status,
        restarts,
        age(o),
        rec(o.status).podIP ?? '<none>',
        rec(o.spec).nodeName ?? '<none>',
        '<none>',
        '<none>',
      ];
    },
  },
  deployments: {
    columns: [
      col('Name', 'string', 0, 'name'),
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Age'),
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    row: (o) => {
      const s = rec(o.status);
      const containers =
        (rec(rec(rec(o.spec).template).spec).containers as Record<string, unknown>[] | undefined) ?? [];
      const labels = rec(rec(rec(o.spec).selector).matchLabels);
      return [
        o.metadata.name,
        `${Number(s.readyReplicas ?? 0)}/${Number(rec(o.spec).replicas ?? 0)}`,
        Number(s.updatedReplicas ?? 0),
        Number(s.availableReplicas ?? 0),
        age(o),
        containers.map((c) => c.name).join(','),
        containers.map((c) => c.image).join(','),
        Object.entries(labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      ];
    },
  },
  replicasets: {
    columns: [
      col('Name', 'string', 0, 'name'),
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Age'),
    ],
    row: (o) => [
      o.metadata.name,
      Number(rec(o.spec).replicas ?? 0),
      Number(rec(o.status).replicas ?? 0),
      Number(rec(o.status).readyReplicas ?? 0),
      age(o),
    ],
  },
  configmaps: {
    columns: [col('Name', 'string', 0, 'name'), col('Data', 'integer'), col('Age')],
    row: (o) => [o.metadata.name, Object.keys(rec(o.data)).length, age(o)],
  },
  services: {
    columns: [
      col('Name', 'string', 0, 'name'),
      col('Type'),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      col('Age'),
      col('Selector', 'string', 1),
    ],
    row: (o) => {
      const spec = rec(o.spec);
      const ports = (spec.ports as Record<string, unknown>[] | undefined) ?? [];
      return [
        o.metadata.name,
        String(spec.type ?? 'ClusterIP'),
        String(spec.clusterIP ?? '<none>'),
        '<none>',
        ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>',
        age(o),
        Object.entries(rec(spec.selector))
          .map(([k, v]) => `${k}=${v}`)
          .join(',') || '<none>',
      ];
    },
  },
  // kubernetes pkg/printers/internalversion/printers.go printLease: an unset holder prints empty.
  leases: {
    columns: [col('Name', 'string', 0, 'name'), col('Holder'), col('Age')],
    row: (o) => [o.metadata.name, String(rec(o.spec).holderIdentity ?? ''), age(o)],
  },
  namespaces: {
    columns: [col('Name', 'string', 0, 'name'), col('Status'), col('Age')],
    row: (o) => [o.metadata.name, o.metadata.deletionTimestamp ? 'Terminating' : 'Active', age(o)],
  },
};

const DEFAULT_PRINTER = {
  columns: [col('Name', 'string', 0, 'name'), col('Age', 'date')],
  row: (o: KubeObject) => [o.metadata.name, age(o)],
};

/** Whether the Accept header asks for a Table (kubectl get without -o json/yaml/jsonpath). */
export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '') && /g=meta\.k8s\.io/.test(accept ?? '');
}

export function toTable(
  def: ResourceDef,
  objects: KubeObject[],
  resourceVersion: string,
  includeObject: string | null,
) {
  const printer = PRINTERS[def.plural] ?? DEFAULT_PRINTER;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: printer.columns,
    rows: objects.map((o) => ({
      cells: printer.row(o),
      object:
        includeObject === 'None'
          ? null
          : includeObject === 'Object'
            ? o
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
