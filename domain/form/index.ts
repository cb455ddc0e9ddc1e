// The agency workspace's forms, generated from the catalog schemas.
export { formFields, formModel, type FieldKind, type FormField, type FormModel, type FormSection, type Label } from './schema-form.ts';
export { errorInputName, formValues, recordFromForm } from './form-data.ts';
