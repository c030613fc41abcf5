// kube-apiserver's error responses: a metav1.Status with the real reason, code and message format.

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** A failure that the HTTP layer turns into a JSON Status response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string | undefined,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    const status: KubeStatus = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      code: this.code,
    };
    if (this.reason) status.reason = this.reason;
    if (this.details) status.details = this.details;
    return status;
  }
}

/** How a resource is named in messages: `pods`, `securitypolicies.config.stackrox.io`. */
export interface ResourceName {
  group: string;
  plural: string;
}

function qualified(resource: ResourceName): string {
  return resource.group ? `${resource.plural}.${resource.group}` : resource.plural;
}

function details(resource: ResourceName, name: string): StatusDetails {
  return resource.group
    ? { name, group: resource.group, kind: resource.plural }
    : { name, kind: resource.plural };
}

export function notFound(resource: ResourceName, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(resource)} "${name}" not found`, details(resource, name));
}

export function alreadyExists(resource: ResourceName, name: string): ApiError {
  return new ApiError(
    409,
    'AlreadyExists',
    `${qualified(resource)} "${name}" already exists`,
    details(resource, name),
  );
}

export function conflict(
  resource: ResourceName,
  name: string,
  cause = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource)} "${name}": ${cause}`,
    details(resource, name),
  );
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function routeNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function methodNotAllowed(): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    'the server does not allow this method on the requested resource',
    {},
  );
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function forbidden(opts: {
  user: string;
  verb: string;
  resource: ResourceName;
  subresource?: string;
  name?: string;
  namespace?: string;
}): ApiError {
  const res = opts.subresource ? `${opts.resource.plural}/${opts.subresource}` : opts.resource.plural;
  const subject = opts.name ? `${qualified(opts.resource)} "${opts.name}"` : qualified(opts.resource);
  const scope = opts.namespace ? ` in the namespace "${opts.namespace}"` : ' at the cluster scope';
  return new ApiError(
    403,
    'Forbidden',
    `${subject} is forbidden: User "${opts.user}" cannot ${opts.verb} resource "${res}" in API group "${opts.resource.group}"${scope}`,
    opts.name
      ? { name: opts.name, group: opts.resource.group, kind: opts.resource.plural }
      : { group: opts.resource.group, kind: opts.resource.plural },
  );
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType || 'none'})`,
  );
}

/** A schema validation failure: 422 Invalid, formatted like field.ErrorList.ToAggregate(). */
export interface FieldError {
  field: string;
  /** FieldValueRequired, FieldValueNotSupported, FieldValueInvalid, FieldValueTypeInvalid... */
  reason: string;
  /** The message after the field path, e.g. `Required value`. */
  detail: string;
}

export function invalid(
  kindAndGroup: { kind: string; group: string },
  name: string,
  errors: FieldError[],
): ApiError {
  const lines = errors.map((e) => `${e.field}: ${e.detail}`);
  const joined = lines.length === 1 ? lines[0] : `[${lines.join(', ')}]`;
  const qualifiedKind = kindAndGroup.group ? `${kindAndGroup.kind}.${kindAndGroup.group}` : kindAndGroup.kind;
  return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, {
    name,
    group: kindAndGroup.group,
    kind: kindAndGroup.kind,
    causes: errors.map((e) => ({ reason: e.reason, message: e.detail, field: e.field })),
  });
}
