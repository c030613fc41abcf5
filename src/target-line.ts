// The line verify's global setup starts the run with: which target it uses and why (config.ts resolves both).
import type { HarnessConfig } from './config.ts';

/** `explicitTarget`: TARGET was set, so "no cluster configured" is not why the lab is used. */
export function targetLine(cfg: HarnessConfig, explicitTarget: boolean): string {
  if (cfg.target === 'embedded' && !explicitTarget && cfg.targetReason.startsWith('no KUBECONFIG')) {
    return `No cluster configured (KUBECONFIG, KUBE_CONTEXT, ROX_ENDPOINT unset): using the embedded lab (profile ${cfg.profile})`;
  }
  if (cfg.target === 'embedded')
    return `Using the embedded lab (profile ${cfg.profile}): ${cfg.targetReason}`;
  return `Using a real cluster: ${cfg.targetReason}`;
}
