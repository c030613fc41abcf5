// get, list and watch for every resource: selectors, Table output, chunked watch streams.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../contract.ts';
import { sendJson } from './http.ts';
import { type ResourceDef, storeKey } from './resources.ts';
import {
  defaultFieldReader,
  type FieldSelector,
  type LabelSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import { ApiError, type KubeStatus, notFound } from './status.ts';
import type { ObjectStore, StoreEvent } from './store.ts';
import { toTable, wantsTable } from './table.ts';

interface Filter {
  namespace: string | undefined;
  labels: LabelSelector;
  fields: FieldSelector;
}

function parseFilter(def: ResourceDef, namespace: string | undefined, query: URLSearchParams): Filter {
  const unsupported = def.group
    ? (field: string) =>
        `"${field}" is not a known field selector: only "metadata.name", "metadata.namespace"`
    : (field: string) => `field label not supported: ${field}`;
  return {
    namespace,
    labels: parseLabelSelector(query.get('labelSelector')),
    fields: parseFieldSelector(query.get('fieldSelector'), def.fieldSelectors, unsupported),
  };
}

function matches(filter: Filter, object: KubeObject): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return false;
  return (
    matchesLabels(filter.labels, object.metadata.labels) &&
    matchesFields(filter.fields, object, defaultFieldReader)
  );
}

function getObject(store: ObjectStore, def: ResourceDef, namespace: string, name: string): KubeObject {
  const object = store.get(storeKey(def), namespace, name);
  if (!object) throw notFound(def, name);
  return object;
}

export function respondGet(
  store: ObjectStore,
  def: ResourceDef,
  namespace: string,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const object = getObject(store, def, namespace, name);
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, toTable(def, [object], object.metadata.resourceVersion, query.get('includeObject')));
    return;
  }
  sendJson(res, 200, object);
}

export function respondList(
  store: ObjectStore,
  def: ResourceDef,
  namespace: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const filter = parseFilter(def, namespace, query);
  const items = store.list(storeKey(def), namespace).filter((o) => matches(filter, o));
  const resourceVersion = store.currentResourceVersion;
  if (wantsTable(req.headers.accept)) {
    sendJson(res, 200, toTable(def, items, resourceVersion, query.get('includeObject')));
    return;
  }
  sendJson(res, 200, {
    kind: `${def.kind}List`,
    apiVersion: def.group ? `${def.group}/${def.version}` : def.version,
    metadata: { resourceVersion },
    items,
  });
}

/** Open watch streams, so the server can end them when it closes. */
export class WatchRegistry {
  private readonly open = new Set<() => void>();

  add(stop: () => void): () => void {
    this.open.add(stop);
    return () => this.open.delete(stop);
  }

  closeAll(): void {
    for (const stop of [...this.open]) stop();
  }
}

export function respondWatch(
  store: ObjectStore,
  registry: WatchRegistry,
  def: ResourceDef,
  namespace: string | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): void {
  const filter = parseFilter(def, namespace, query);
  const resource = storeKey(def);
  const fromText = query.get('resourceVersion') ?? '';
  const from = Number(fromText);
  if (fromText !== '' && !Number.isInteger(from)) {
    throw new ApiError(400, 'BadRequest', `invalid resource version: ${fromText}`);
  }
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();

  // `kubectl get -w` asks for Tables; each event then carries a one-row Table, as on a real server.
  const asTable = wantsTable(req.headers.accept);
  const write = (type: string, object: KubeObject | KubeStatus) => {
    if (res.writableEnded) return;
    const payload =
      asTable && object.kind !== 'Status'
        ? toTable(
            def,
            [object as KubeObject],
            String(object.metadata.resourceVersion ?? ''),
            query.get('includeObject'),
          )
        : object;
    res.write(`${JSON.stringify({ type, object: payload })}\n`);
  };
  const relevant = (e: StoreEvent) => e.resource === resource && matches(filter, e.object);

  let unsubscribe = () => {};
  let unregister = () => {};
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    unsubscribe();
    unregister();
    if (timer) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  unregister = registry.add(stop);
  res.on('close', stop);

  if (fromText === '' || from === 0) {
    for (const object of store.list(resource, namespace)) if (matches(filter, object)) write('ADDED', object);
  } else {
    const replay = store.eventsSince(from);
    if (!replay) {
      write(
        'ERROR',
        new ApiError(
          410,
          'Expired',
          `too old resource version: ${from} (${store.oldestWatchableVersion})`,
        ).toStatus(),
      );
      stop();
      return;
    }
    for (const e of replay) if (relevant(e)) write(e.type, e.object);
  }
  unsubscribe = store.subscribe((e) => {
    if (relevant(e)) write(e.type, e.object);
  });
  const timeout = Number(query.get('timeoutSeconds') ?? '');
  if (Number.isFinite(timeout) && timeout > 0) timer = setTimeout(stop, timeout * 1000);
}
