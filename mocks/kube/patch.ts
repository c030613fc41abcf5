// The PATCH flavours the API server accepts, applied to plain JSON.
import { parseJsonBody } from './http.ts';
import { badRequest, unsupportedMediaType } from './status.ts';

type Json = unknown;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Strategic merge patch, reduced to what the lab's clients send: map merges like a merge patch
 * (kubectl rollout restart), with `$patch: delete` on maps and the `$setElementOrder`/`$retainKeys`
 * directives ignored. Lists are replaced whole.
 */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'delete') return undefined;
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: Record<string, unknown> = isObject(target) ? structuredClone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (
      k.startsWith('$setElementOrder/') ||
      k === '$retainKeys' ||
      k.startsWith('$deleteFromPrimitiveList/')
    ) {
      continue;
    }
    if (v === null) delete out[k];
    else {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  return out;
}

function decodePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON Pointer: ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function parent(doc: Json, tokens: string[], op: string): { container: unknown; last: string } {
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else node = undefined;
    if (node === undefined)
      throw badRequest(
        `the server rejected our request due to an error in our request (${op}: missing path)`,
      );
  }
  return { container: node, last: tokens[tokens.length - 1] ?? '' };
}

function getAt(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const token of decodePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

function remove(doc: Json, pointer: string): unknown {
  const tokens = decodePointer(pointer);
  const { container, last } = parent(doc, tokens, 'remove');
  if (Array.isArray(container)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= container.length) {
      throw badRequest(
        `the server rejected our request due to an error in our request (remove operation does not apply: doc is missing path: "${pointer}")`,
      );
    }
    return container.splice(index, 1)[0];
  }
  if (isObject(container) && last in container) {
    const old = container[last];
    delete container[last];
    return old;
  }
  throw badRequest(
    `the server rejected our request due to an error in our request (remove operation does not apply: doc is missing path: "${pointer}")`,
  );
}

function add(doc: Json, pointer: string, value: unknown, replace: boolean): Json {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) return structuredClone(value);
  const { container, last } = parent(doc, tokens, replace ? 'replace' : 'add');
  if (Array.isArray(container)) {
    const index = last === '-' ? container.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > container.length) {
      throw badRequest(
        `the server rejected our request due to an error in our request (add operation: index out of bounds at "${pointer}")`,
      );
    }
    if (replace) container[index] = structuredClone(value);
    else container.splice(index, 0, structuredClone(value));
  } else if (isObject(container)) {
    if (replace && !(last in container)) {
      throw badRequest(
        `the server rejected our request due to an error in our request (replace operation does not apply: doc is missing key: "${pointer}")`,
      );
    }
    container[last] = structuredClone(value);
  } else {
    throw badRequest(
      `the server rejected our request due to an error in our request (doc is missing path: "${pointer}")`,
    );
  }
  return doc;
}

/** RFC 6902 JSON Patch. */
export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations))
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc = structuredClone(target);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string')
      throw badRequest('the server rejected our request due to an error in our request');
    switch (raw.op) {
      case 'add':
        doc = add(doc, raw.path, raw.value, false);
        break;
      case 'replace':
        doc = add(doc, raw.path, raw.value, true);
        break;
      case 'remove':
        remove(doc, raw.path);
        break;
      case 'move': {
        const moved = remove(doc, raw.from ?? '');
        doc = add(doc, raw.path, moved, false);
        break;
      }
      case 'copy':
        doc = add(doc, raw.path, getAt(doc, raw.from ?? ''), false);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)) {
          throw new TestFailed(raw.path);
        }
        break;
      default:
        throw badRequest(
          `the server rejected our request due to an error in our request (Unexpected kind: ${String(raw.op)})`,
        );
    }
  }
  return doc;
}

/** A failed `test` operation (kube-apiserver answers 422 for it). */
export class TestFailed extends Error {
  constructor(readonly path: string) {
    super(`testing value ${path} failed: test failed`);
  }
}

/**
 * Server-side apply for a resource whose lists are all atomic: the applied configuration wins
 * for the fields it sets, and fields this manager applied last time but no longer sets are removed.
 */
export function serverSideApply(live: Json, applied: Json, previouslyApplied: Json): Json {
  if (!isObject(applied)) return structuredClone(applied);
  const out: Record<string, unknown> = isObject(live) ? structuredClone(live) : {};
  const before = isObject(previouslyApplied) ? previouslyApplied : {};
  for (const k of Object.keys(before)) {
    if (!(k in applied)) delete out[k];
  }
  for (const [k, v] of Object.entries(applied)) {
    out[k] = isObject(v) ? serverSideApply(out[k], v, before[k]) : structuredClone(v);
  }
  return out;
}

/** A built-in object's PATCH by its Content-Type: strategic merge, merge or JSON patch. */
export function patchByContentType(existing: Json, contentType: string, body: string): Json {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const patch = parseJsonBody(body, 'error decoding patch');
  if (mediaType === 'application/strategic-merge-patch+json') return strategicMergePatch(existing, patch);
  if (mediaType === 'application/merge-patch+json') return mergePatch(existing, patch);
  if (mediaType === 'application/json-patch+json') return jsonPatch(existing, patch);
  throw unsupportedMediaType(mediaType);
}
