/**
 * A panel's options as a form generated from its plot type's JSON Schema by react-jsonschema-form. Loaded on demand
 * (the panel editor imports it lazily): rjsf and ajv stay out of the page until someone edits a panel.
 *
 * The templates and widgets are our own, small and styled like the rest of the app (rjsf's defaults assume Bootstrap):
 * a two-column grid of fields with their help and errors below them (checkboxes after the others), enums as selects showing the default, booleans
 * as checkboxes, numbers as number inputs with their range, lists of names as one comma-separated input suggesting
 * the workspace's metric or parameter keys, nested objects as collapsible groups.
 *
 * Options left unset keep the plot type's default (shown as placeholder or "default (…)"), so a form that was only
 * looked at applies the options unchanged.
 */
import Form, { type IChangeEvent } from '@rjsf/core';
import {
  ariaDescribedByIds,
  errorId,
  getInputProps,
  helpId,
  type BaseInputTemplateProps,
  type FieldErrorProps,
  type FieldProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RJSFSchema,
  type RJSFValidationError,
  type WidgetProps,
} from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useMemo, useState } from 'react';
import { errorMessage, helpText, joinList, listItems, listShapeOf, listSuggestions, listValue, splitList, uiSchemaOf, type JsonSchema, type OptionsError } from './panel-options-schema.js';
import './panel-options-form.css';

type Options = Record<string, unknown>;

/** What the fields read from the workspace: the keys to suggest. */
interface OptionsFormContext {
  metricKeys: readonly string[];
  paramKeys: readonly string[];
  /** Options set that the schema does not know (a panel added with options of another type): the form has no field for them. */
  unknown: readonly string[];
  removeUnknown(): void;
}

export interface PanelOptionsFormProps {
  schema: JsonSchema;
  value: Options;
  onChange(value: Options): void;
  /** The current errors ([] when valid), after every change and once at the start. */
  onValidate(errors: OptionsError[]): void;
  metricKeys: readonly string[];
  paramKeys: readonly string[];
}

const transformErrors = (errors: RJSFValidationError[]): RJSFValidationError[] => errors.map((e) => ({ ...e, message: errorMessage(e), stack: errorMessage(e) }));

/** Drops options set to undefined (a cleared input): unset means the plot type's default. */
function pruned(v: Options): Options {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
}

export default function PanelOptionsForm({ schema, value, onChange, onValidate, metricKeys, paramKeys }: PanelOptionsFormProps) {
  const rjsfSchema = schema as RJSFSchema;
  const uiSchema = useMemo(() => ({ ...uiSchemaOf(schema), 'ui:submitButtonOptions': { norender: true } }), [schema]);
  const unknown = useMemo(() => {
    const known = typeof schema.properties === 'object' && schema.properties !== null ? schema.properties : {};
    return schema.additionalProperties === false ? Object.keys(value).filter((k) => !Object.hasOwn(known, k)) : [];
  }, [schema, value]);
  const context = useMemo<OptionsFormContext>(
    () => ({ metricKeys, paramKeys, unknown, removeUnknown: () => onChange(Object.fromEntries(Object.entries(value).filter(([k]) => !unknown.includes(k)))) }),
    [metricKeys, paramKeys, unknown, value, onChange],
  );
  // validated here rather than by the form, so that the errors show from the start (saved options a plot type no
  // longer accepts) and the editor knows whether Apply may go
  const validation = useMemo(() => validator.validateFormData(value, rjsfSchema, undefined, transformErrors), [value, rjsfSchema]);
  useEffect(() => {
    onValidate(validation.errors.map((e) => ({ property: (e.property ?? '').replace(/^\./, ''), message: e.message ?? 'invalid' })));
  }, [validation, onValidate]);
  return (
    <Form<Options, RJSFSchema, OptionsFormContext>
      className="options-form"
      tagName="div"
      schema={rjsfSchema}
      uiSchema={uiSchema}
      formData={value}
      formContext={context}
      validator={validator}
      noValidate
      noHtml5Validate
      showErrorList={false}
      extraErrors={validation.errorSchema}
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults', arrayMinItems: { populate: 'never' } }}
      onChange={(e: IChangeEvent<Options>) => onChange(pruned(e.formData ?? {}))}
      templates={{ FieldTemplate, ObjectFieldTemplate, BaseInputTemplate, FieldErrorTemplate, DescriptionFieldTemplate: NoTemplate, TitleFieldTemplate: NoTemplate }}
      widgets={{ SelectWidget, CheckboxWidget }}
      fields={{ stringList: StringListField }}
    />
  );
}

function NoTemplate() {
  return null;
}

const lastName = (path: readonly (string | number)[]) => String(path[path.length - 1] ?? '');

function FieldTemplate({ id, label, required, children, errors, rawErrors, hidden, schema, fieldPathId, registry }: FieldTemplateProps<Options, RJSFSchema, OptionsFormContext>) {
  if (hidden) return <div hidden>{children}</div>;
  // the root object: its fields, then errors of the options as a whole (an unknown option, which no field can fix)
  if (fieldPathId.path.length === 0) {
    const { unknown, removeUnknown } = registry.formContext;
    return (
      <>
        {children}
        {(rawErrors?.length ?? 0) > 0 && (
          <div className="options-errors">
            {errors}
            {unknown.length > 0 && (
              <button type="button" className="button small" onClick={removeUnknown} data-testid="option-remove-unknown">
                Remove {unknown.length === 1 ? `"${unknown[0]}"` : `${unknown.length} unknown options`}
              </button>
            )}
          </div>
        )}
      </>
    );
  }
  const name = lastName(fieldPathId.path);
  const kind = schema.type === 'boolean' ? 'check' : schema.type === 'object' ? 'object' : 'input';
  const wide = kind === 'object' || schema.type === 'array' || listShapeOf(schema) !== null;
  const help = helpText(schema as JsonSchema, name);
  const invalid = (rawErrors?.length ?? 0) > 0;
  return (
    <div className={`option-field option-${kind}${wide ? ' wide' : ''}${invalid ? ' invalid' : ''}`} data-option={name}>
      {kind === 'input' && (
        <label htmlFor={id} className="option-label">
          {label}
          {required && <span className="option-required" title="required"> *</span>}
        </label>
      )}
      {children}
      {help && kind !== 'object' && (
        <div id={helpId(id)} className="option-help">
          {help}
        </div>
      )}
      {errors}
    </div>
  );
}

function FieldErrorTemplate({ errors, fieldPathId }: FieldErrorProps<Options, RJSFSchema, OptionsFormContext>) {
  if (!errors || errors.length === 0) return null;
  return (
    <div id={errorId(fieldPathId.$id)} className="option-error" role="alert" data-testid="option-error">
      {errors.map((e, i) => (
        <span key={i}>{e}</span>
      ))}
    </div>
  );
}

/** Fields in a two-column grid, the on/off ones after them in a grid of their own (a checkbox is half a field high). */
function ObjectFieldTemplate({ properties, title, schema, fieldPathId }: ObjectFieldTemplateProps<Options, RJSFSchema, OptionsFormContext>) {
  const shown = properties.filter((p) => !p.hidden);
  const props = schema.properties ?? {};
  const isFlag = (name: string) => {
    const s = props[name];
    return typeof s === 'object' && s.type === 'boolean';
  };
  const fields = shown.filter((p) => !isFlag(p.name));
  const flags = shown.filter((p) => isFlag(p.name));
  const body = (
    <>
      {fields.length > 0 && <div className="options-grid">{fields.map((p) => p.content)}</div>}
      {flags.length > 0 && <div className="options-grid options-flags">{flags.map((p) => p.content)}</div>}
    </>
  );
  if (fieldPathId.path.length === 0) return body;
  return (
    <details className="option-group" open>
      <summary>{title}</summary>
      {body}
    </details>
  );
}

const defaultOf = (schema: RJSFSchema): string | undefined => (schema.default === undefined ? undefined : typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default));

function BaseInputTemplate({ id, value, type, schema, options, onChange, onBlur, onFocus, disabled, readonly, autofocus, rawErrors }: BaseInputTemplateProps<Options, RJSFSchema, OptionsFormContext>) {
  const input = getInputProps<Options, RJSFSchema, OptionsFormContext>(schema, type, options);
  const shown: unknown = value;
  const text = shown === undefined || shown === null ? '' : String(shown);
  const def = defaultOf(schema);
  return (
    <input
      id={id}
      name={id}
      className={`text-input${(rawErrors?.length ?? 0) > 0 ? ' invalid' : ''}`}
      {...input}
      value={text}
      placeholder={def === undefined ? '' : def}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      aria-describedby={ariaDescribedByIds(id)}
      aria-invalid={(rawErrors?.length ?? 0) > 0}
      onChange={(e) => onChange(e.target.value === '' ? options.emptyValue : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

/** An enum: the values, and an empty choice that leaves the option at its default. */
function SelectWidget({ id, value, options, schema, required, onChange, onBlur, onFocus, disabled, readonly, rawErrors }: WidgetProps<Options, RJSFSchema, OptionsFormContext>) {
  const choices = options.enumOptions ?? [];
  const current: unknown = value;
  const def = defaultOf(schema);
  const selected = choices.findIndex((c) => c.value === current);
  return (
    <select
      id={id}
      className={`select${(rawErrors?.length ?? 0) > 0 ? ' invalid' : ''}`}
      value={selected < 0 ? '' : String(selected)}
      disabled={disabled || readonly}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(e) => onChange(e.target.value === '' ? undefined : choices[Number(e.target.value)]?.value)}
      onBlur={() => onBlur(id, current)}
      onFocus={() => onFocus(id, current)}
    >
      {(!required || selected < 0) && <option value="">{def !== undefined ? `default (${def})` : '—'}</option>}
      {choices.map((c, i) => (
        <option key={i} value={String(i)}>
          {c.label}
        </option>
      ))}
    </select>
  );
}

/** A boolean: checked as it is set, or as its default when unset. */
function CheckboxWidget({ id, value, label, schema, onChange, disabled, readonly }: WidgetProps<Options, RJSFSchema, OptionsFormContext>) {
  const current: unknown = value;
  const checked = typeof current === 'boolean' ? current : schema.default === true;
  return (
    <label htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} disabled={disabled || readonly} aria-describedby={ariaDescribedByIds(id)} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
      {typeof current !== 'boolean' && <span className="option-default">(default)</span>}
    </label>
  );
}

/**
 * A list of names (`metrics`, `params`, roc/pr `prefix`) as one comma-separated input; a datalist suggests the
 * workspace's metric or parameter keys for the entry being typed.
 */
function StringListField<T>({ fieldPathId, formData, schema, name, onChange, onBlur, onFocus, disabled, readonly, rawErrors, registry }: FieldProps<T, RJSFSchema, OptionsFormContext>) {
  const id = fieldPathId.$id;
  const shape = listShapeOf(schema) ?? 'array';
  const canonical = joinList(listItems(formData));
  const [text, setText] = useState(canonical);
  // the value changed from outside (not by typing here): show it
  const [seen, setSeen] = useState(canonical);
  if (canonical !== seen) {
    setSeen(canonical);
    if (joinList(splitList(text)) !== canonical) setText(canonical);
  }
  const ctx = registry.formContext;
  const keys = name === 'metrics' ? ctx.metricKeys : name === 'params' ? ctx.paramKeys : [];
  const suggestions = useMemo(() => listSuggestions(text, keys), [text, keys]);
  return (
    <>
      <input
        id={id}
        name={id}
        className={`text-input option-list${(rawErrors?.length ?? 0) > 0 ? ' invalid' : ''}`}
        value={text}
        list={suggestions.length > 0 ? `${id}-keys` : undefined}
        placeholder={typeof schema.default === 'string' ? schema.default : name === 'metrics' ? 'val/loss, /^train\\//' : ''}
        disabled={disabled}
        readOnly={readonly}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={ariaDescribedByIds(id)}
        aria-invalid={(rawErrors?.length ?? 0) > 0}
        onChange={(e) => {
          setText(e.target.value);
          // rjsf types a field's value as the whole form's (T); a field's own value is whatever its schema says
          onChange(listValue(splitList(e.target.value), shape) as T | undefined, fieldPathId.path);
        }}
        onBlur={() => {
          // tidy the text ("a,b ," → "a, b") once the user leaves the field
          const tidy = joinList(splitList(text));
          if (tidy !== text) setText(tidy);
          onBlur(id, text);
        }}
        onFocus={() => onFocus(id, text)}
        data-testid={`option-list-${name}`}
      />
      {suggestions.length > 0 && (
        <datalist id={`${id}-keys`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </>
  );
}
