// The Generic Webhook's fields (storage.Generic in stackrox proto/storage/notifier.proto) with their
// zero values: the one list the lab's Central (mocks/central/generic-notifier.ts) completes stored
// configs from and the console's form (generic-webhook-form.ts) starts from. It sits here because the
// console is served only from this folder (routes.ts serves each file beside app.ts, nothing else);
// it touches neither the DOM nor Node, so both type-check it and run it.
import type { GenericNotifierConfig } from '../../../types/rhacs.ts';

export type GenericConfig = GenericNotifierConfig;

/** GenericWebhookIntegrationForm.tsx defaultValues.notifier.generic; Central's EmitUnpopulated zeros. */
export const EMPTY_GENERIC_CONFIG: Readonly<GenericConfig> = {
  endpoint: '',
  skipTLSVerify: false,
  caCert: '',
  username: '',
  password: '',
  headers: [],
  extraFields: [],
  auditLoggingEnabled: false,
};

type Pair = { key?: string | null; value?: string | null };

/** Every field present, a missing or null one at its zero value (stackrox/pkg/grpc/server.go EmitUnpopulated). */
export function completeGenericConfig(partial: Partial<GenericConfig> | undefined): GenericConfig {
  const config = structuredClone(EMPTY_GENERIC_CONFIG) as GenericConfig;
  const given = (partial ?? {}) as Record<string, unknown>;
  const fields = config as unknown as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    const value = given[key];
    if (value === undefined || value === null) continue;
    fields[key] = Array.isArray(value)
      ? (value as Pair[]).map((p) => ({ key: p.key ?? '', value: p.value ?? '' }))
      : value;
  }
  return config;
}
