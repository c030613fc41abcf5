// What a notifier type's create/edit form is, as data (IntegrationForm/Forms/*IntegrationForm.tsx):
// its Formik values and the fields that edit them, each field naming its value by the path the real
// form uses as its id ('labelDefault', 'notifier.generic.endpoint'). notifier-form-page.ts builds
// the page from it; slack-form.ts, teams-form.ts and generic-webhook-form.ts are the descriptions.
import type { Notifier } from '../../../types/rhacs.ts';

export type FormValues = Record<string, unknown>;

/** What a field's label, state or error may depend on. */
export interface FormState {
  values: FormValues;
  editing: boolean;
}
type Dynamic<T> = T | ((form: FormState) => T);

export function resolve<T>(value: Dynamic<T>, form: FormState): T {
  return typeof value === 'function' ? (value as (form: FormState) => T)(form) : value;
}

export interface TextField {
  kind: 'text' | 'password' | 'textarea';
  id: string;
  label: Dynamic<string>;
  required?: Dynamic<boolean>;
  placeholder?: Dynamic<string | undefined>;
  disabled?: Dynamic<boolean>;
  /** Shown under the field while it has no error to show. */
  helper?: string;
  /** The validation message (the form's yup schema), '' when valid; shown once the field was left. */
  error?: (form: FormState) => string;
  /** An icon beside the label (labelHelp). */
  labelHelp?: () => HTMLElement;
}

export interface CheckboxField {
  kind: 'checkbox';
  id: string;
  label: string;
  helper?: string;
  /** Only on the edit form (!isCreating). */
  editingOnly?: boolean;
  /** A value set back to '' when the box changes (onUpdateCredentialsChange). */
  clears?: string;
}

/** A FieldArray of {key, value} rows under an h3 title (FormSection). */
export interface PairsField {
  kind: 'pairs';
  id: string;
  title: string;
  emptyText: string;
  addText: string;
  deleteLabel: string;
}

export type FormField = TextField | CheckboxField | PairsField;

export interface NotifierFormDescription {
  /** The form's initial values: for a new notifier from `defaults`, when editing from the stored one. */
  initialValues(defaults: Notifier, stored: Notifier | undefined): FormValues;
  fields: readonly FormField[];
}

/** The values a new notifier starts from (every form's defaultValues: uiEndpoint is the page's origin). */
export function notifierDefaults(type: string): Notifier {
  return {
    id: '',
    name: '',
    type,
    uiEndpoint: location.origin,
    labelKey: '',
    labelDefault: '',
    notifierSecret: '',
    traits: null,
  };
}

function pathOf(path: string): string[] {
  return path.split(/[.[\]]+/).filter(Boolean);
}

/** lodash get/set as Formik uses them: 'notifier.generic.headers[0].key'. */
export function valueAt(values: FormValues, path: string): unknown {
  let at: unknown = values;
  for (const key of pathOf(path)) at = (at as Record<string, unknown> | undefined)?.[key];
  return at;
}

export function setValueAt(values: FormValues, path: string, value: unknown): void {
  const keys = pathOf(path);
  const last = keys.pop();
  let at = values as Record<string, unknown>;
  for (const key of keys) at = at[key] as Record<string, unknown>;
  if (last !== undefined) at[last] = value;
}

/** A required text value: the trimmed string is not empty (yup string().trim().required()). */
export function requiredText(path: string, message: string): (form: FormState) => string {
  return ({ values }) => (String(valueAt(values, path) ?? '').trim() ? '' : message);
}
