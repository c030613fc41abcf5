// A policy's actions, the same in the list's row kebab and the detail page's Actions menu
// (Containers/Policies/Table/PoliciesTable.tsx, Detail/PolicyDetail.tsx).
import type { Policy } from '../../../types/rhacs.ts';
import { toast } from './alerts.ts';
import { api, failureText } from './api-client.ts';
import { IS_411, T } from './config.ts';
import { confirmModal } from './confirm-modal.ts';
import { h } from './dom.ts';
import type { MenuItem } from './menus.ts';
import { navigate } from './navigation.ts';

export type MenuPolicy = Pick<Policy, 'id' | 'disabled' | 'isDefault' | 'source'>;

export function notAvailable(): void {
  toast('Not available in the embedded lab console');
}

export function policyMenuItems(
  policy: MenuPolicy,
  { onChanged, onDeleted }: { onChanged: () => unknown; onDeleted: () => unknown },
): MenuItem[] {
  const edit = `/main/policy-management/policies/${encodeURIComponent(policy.id)}`;
  const deleteItem: MenuItem = policy.isDefault
    ? { label: 'Cannot delete a default policy', disabled: true }
    : IS_411 && policy.source === 'DECLARATIVE'
      ? { label: 'Cannot delete an externally managed policy', disabled: true }
      : {
          label: 'Delete policy',
          onSelect: () =>
            confirmModal({
              label: 'Confirm delete',
              title: 'Delete policy?',
              body:
                policy.source === 'DECLARATIVE'
                  ? 'This policy is managed externally and will only be removed from the system temporarily. The policy will not trigger violations until the next resync.'
                  : '',
              confirm: 'Delete',
              onConfirm: async () => {
                try {
                  await api('DELETE', `/v1/policies/${encodeURIComponent(policy.id)}`);
                  onDeleted();
                } catch (err) {
                  toast(failureText(err));
                }
              },
            }),
        };
  return [
    { label: T.editPolicy, onSelect: () => navigate(`${edit}?action=edit`) },
    { label: 'Clone policy', onSelect: () => navigate(`${edit}?action=clone`) },
    {
      label: policy.disabled ? 'Enable policy' : 'Disable policy',
      onSelect: async () => {
        try {
          await api('PATCH', `/v1/policies/${encodeURIComponent(policy.id)}`, { disabled: !policy.disabled });
        } catch (err) {
          toast(failureText(err));
        }
        onChanged();
      },
    },
    { label: 'Export policy to JSON', onSelect: () => exportPolicy(policy.id) },
    policy.isDefault
      ? {
          label: 'Cannot save as Custom Resource',
          disabled: true,
          description: 'Default policies cannot be saved as Custom Resource',
        }
      : { label: 'Save as Custom Resource', onSelect: notAvailable },
    'separator',
    deleteItem,
  ];
}

async function exportPolicy(policyId: string): Promise<void> {
  try {
    const policy = await api<Policy>('GET', `/v1/policies/${encodeURIComponent(policyId)}`);
    const blob = new Blob([JSON.stringify({ policies: [policy] }, null, 2)], { type: 'application/json' });
    const link = h('a', { href: URL.createObjectURL(blob), download: `${policy.name}.json` });
    link.click();
  } catch (err) {
    toast(failureText(err));
  }
}
