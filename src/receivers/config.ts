// Settings for where the harness's own Slack/Teams receivers run when Central is a real one (a real
// Central cannot reach 127.0.0.1): RECEIVER_MODE, RECEIVER_PUBLIC_URL, RECEIVER_BIND, RECEIVER_PORT,
// RECEIVER_NAMESPACE, RECEIVER_IMAGE.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { HarnessError } from '../errors.ts';

export type ReceiverMode = 'lab' | 'public' | 'in-cluster';

export interface ReceiverConfig {
  /** lab: the embedded lab's receivers; public: started here, reached through RECEIVER_PUBLIC_URL; in-cluster: deployed. */
  mode: ReceiverMode;
  /** The URL Central uses to reach the locally started receivers (public mode), without trailing slash. */
  publicUrl?: string;
  /** Address the local receivers listen on (default 127.0.0.1; 0.0.0.0 only when set explicitly). */
  bind: string;
  /** Port the local receivers listen on (default 0: ephemeral). */
  port: number;
  /**
   * RECEIVER_NAMESPACE: an existing namespace the in-cluster receiver is deployed into (for a user who
   * may not create namespaces); unset: the harness creates rhacs-harness-<runId> (or requests it as a project).
   */
  namespace?: string;
  /** Image for the in-cluster receiver; must provide `node` (20 or later). */
  image: string;
  /**
   * HARNESS_RUN_SECRET (set by global setup for its workers, random otherwise): the receivers' hook
   * paths are derived from it, so every worker of a run posts to and reads the same hooks.
   */
  runSecret: string;
}

export const DEFAULT_RECEIVER_IMAGE = 'registry.access.redhat.com/ubi9/nodejs-20-minimal:latest';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

interface Problem {
  variable: string;
  cause: string;
  fix: string;
}

/** Reads the RECEIVER_* variables; throws one HarnessError naming every bad one. */
export function loadReceiverConfig(env: Record<string, string | undefined> = process.env): ReceiverConfig {
  const get = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problems: Problem[] = [];

  const publicRaw = get('RECEIVER_PUBLIC_URL');
  let publicUrl: string | undefined;
  if (publicRaw !== undefined) {
    try {
      const u = new URL(publicRaw);
      if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search !== '' || u.hash !== '')
        throw new Error();
      publicUrl = publicRaw.replace(/\/+$/, '');
    } catch {
      problems.push({
        variable: 'RECEIVER_PUBLIC_URL',
        cause: `"${publicRaw}" is not an http(s) URL without query`,
        fix: 'set the URL under which Central reaches this machine, e.g. https://receiver.example.com or http://10.0.0.5:8089',
      });
    }
  }

  const modeRaw = get('RECEIVER_MODE');
  let mode: ReceiverMode = publicRaw !== undefined ? 'public' : 'lab';
  if (modeRaw === 'lab' || modeRaw === 'public' || modeRaw === 'in-cluster') mode = modeRaw;
  else if (modeRaw !== undefined)
    problems.push({
      variable: 'RECEIVER_MODE',
      cause: `"${modeRaw}" is not a receiver mode`,
      fix: 'set RECEIVER_MODE=lab, public (with RECEIVER_PUBLIC_URL) or in-cluster',
    });
  if (mode === 'public' && publicRaw === undefined)
    problems.push({
      variable: 'RECEIVER_PUBLIC_URL',
      cause: 'not set, but RECEIVER_MODE=public',
      fix: 'set RECEIVER_PUBLIC_URL to the URL that reaches this machine from Central (a route, tunnel or host address)',
    });

  const bind = get('RECEIVER_BIND') ?? '127.0.0.1';
  if (isIP(bind) === 0)
    problems.push({
      variable: 'RECEIVER_BIND',
      cause: `"${bind}" is not an IP address`,
      fix: 'use 127.0.0.1 (default), an address of this machine, or 0.0.0.0 to listen on every interface',
    });

  const portRaw = get('RECEIVER_PORT');
  let port = 0;
  if (portRaw !== undefined) {
    const n = Number(portRaw);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) port = n;
    else
      problems.push({
        variable: 'RECEIVER_PORT',
        cause: `"${portRaw}" is not a port number`,
        fix: 'use e.g. RECEIVER_PORT=8089 (the port your tunnel or route forwards to), or unset it',
      });
  }

  const namespace = get('RECEIVER_NAMESPACE');
  if (namespace !== undefined && !DNS_LABEL.test(namespace))
    problems.push({
      variable: 'RECEIVER_NAMESPACE',
      cause: `"${namespace}" is not a valid namespace name`,
      fix: 'use lowercase letters, digits and dashes, or unset it for rhacs-harness-<run id>',
    });

  const image = get('RECEIVER_IMAGE') ?? DEFAULT_RECEIVER_IMAGE;
  if (!IMAGE.test(image))
    problems.push({
      variable: 'RECEIVER_IMAGE',
      cause: `"${image}" is not an image reference`,
      fix: `use an image that provides node 20+, e.g. ${DEFAULT_RECEIVER_IMAGE}`,
    });

  if (problems.length > 0) {
    throw new HarnessError({
      code: 'CONFIG_INVALID',
      what: `Reading the receiver settings (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
      cause: problems.map((p) => `${p.variable}: ${p.cause} (fix: ${p.fix})`).join('; '),
      fix: `correct ${problems.map((p) => p.variable).join(', ')} in the environment or .env`,
      details: { problems },
    });
  }
  const runSecret = get('HARNESS_RUN_SECRET') ?? randomBytes(24).toString('base64url');
  const config: ReceiverConfig = { mode, bind, port, image, runSecret };
  if (publicUrl !== undefined) config.publicUrl = publicUrl;
  if (namespace !== undefined) config.namespace = namespace;
  return config;
}
