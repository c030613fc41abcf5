// The lab's etcd: every object by resource, namespace and name, one global resourceVersion
// counter, and the event history that watches replay from.
import type { KubeObject, WatchEventType } from '../contract.ts';

export interface StoreEvent {
  resourceVersion: number;
  type: WatchEventType;
  /** The store key of the resource, e.g. `pods`, `deployments.apps`. */
  resource: string;
  object: KubeObject;
}

const HISTORY_LIMIT = 5000;

function key(resource: string, namespace: string, name: string): string {
  return `${resource}\u0000${namespace}\u0000${name}`;
}

export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private revision = 1000;

  get currentResourceVersion(): string {
    return String(this.revision);
  }

  /** The oldest resourceVersion a watch can still start from. */
  get oldestWatchableVersion(): number {
    return this.history[0] ? this.history[0].resourceVersion - 1 : this.revision;
  }

  get(resource: string, namespace: string, name: string): KubeObject | undefined {
    const found = this.objects.get(key(resource, namespace, name));
    return found ? structuredClone(found) : undefined;
  }

  /** All objects of a resource, optionally in one namespace, sorted by namespace then name. */
  list(resource: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [k, obj] of this.objects) {
      const [res, ns] = k.split('\u0000');
      if (res !== resource) continue;
      if (namespace !== undefined && ns !== namespace) continue;
      out.push(structuredClone(obj));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace ?? ''}/${b.metadata.name}`,
      ),
    );
  }

  /** Stores a new object, stamping a fresh resourceVersion. Returns the stored copy. */
  create(resource: string, object: KubeObject): KubeObject {
    return this.write(resource, object, 'ADDED');
  }

  update(resource: string, object: KubeObject): KubeObject {
    return this.write(resource, object, 'MODIFIED');
  }

  remove(resource: string, namespace: string, name: string): KubeObject | undefined {
    const k = key(resource, namespace, name);
    const existing = this.objects.get(k);
    if (!existing) return undefined;
    this.objects.delete(k);
    const removed = structuredClone(existing);
    removed.metadata.resourceVersion = String(++this.revision);
    this.emit({ resourceVersion: this.revision, type: 'DELETED', resource, object: removed });
    return structuredClone(removed);
  }

  /** Events after `resourceVersion`, or undefined when the history no longer reaches back that far. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.oldestWatchableVersion) return undefined;
    return this.history.filter((e) => e.resourceVersion > resourceVersion).map((e) => structuredClone(e));
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(resource: string, object: KubeObject, type: WatchEventType): KubeObject {
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key(resource, stored.metadata.namespace ?? '', stored.metadata.name), stored);
    this.emit({ resourceVersion: this.revision, type, resource, object: structuredClone(stored) });
    return structuredClone(stored);
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    for (const listener of [...this.listeners]) {
      try {
        listener(structuredClone(event));
      } catch {
        // A listener's failure must not break the write that triggered it.
      }
    }
  }
}
