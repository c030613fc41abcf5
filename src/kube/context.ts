import {
  type ConfigurationOptions,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  Observable,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/** What every kube module needs: the loaded kubeconfig and the API clients built from it. */
export interface KubeContext {
  kc: KubeConfig;
  /** The API server URL of the current context. */
  server: string;
  contextName: string;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  /** Timeout for a single REST request. */
  requestTimeoutMs: number;
}

export function makeContext(kc: KubeConfig, requestTimeoutMs: number): KubeContext {
  return {
    kc,
    server: kc.getCurrentCluster()?.server ?? '(no server)',
    contextName: kc.getCurrentContext(),
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    requestTimeoutMs,
  };
}

/** Per-request options: an abort timeout and optional extra headers. */
export function requestOptions(
  timeoutMs: number,
  headers: Record<string, string> = {},
): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (ctx: RequestContext) => {
      ctx.setSignal(AbortSignal.timeout(timeoutMs));
      for (const [k, v] of Object.entries(headers)) ctx.setHeaderParam(k, v);
      return new Observable(Promise.resolve(ctx));
    },
    post: (res: ResponseContext) => new Observable(Promise.resolve(res)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
