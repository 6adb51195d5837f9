import { describe, expect, it } from 'vitest';
import { errorMessage, formSchemaOf, helpText, joinList, listItems, listShapeOf, listSuggestions, listValue, rangeText, splitList, uiSchemaOf } from './panel-options-schema.js';

// as GET /api/v1/plots/types serves them (zod → JSON Schema draft-07)
const compare = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    metrics: { minItems: 1, type: 'array', items: { type: 'string', minLength: 1 } },
    kind: { default: 'box', type: 'string', enum: ['bar', 'box', 'violin', 'strip'] },
    alpha: { default: 0.05, type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    seed: { default: 0, type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
    nested: { type: 'object', properties: { params: { type: 'array', items: { type: 'string' } } } },
  },
  required: ['metrics'],
  additionalProperties: false,
};
const roc = {
  type: 'object',
  properties: { prefix: { default: 'roc', anyOf: [{ type: 'string', minLength: 1 }, { minItems: 1, type: 'array', items: { type: 'string', minLength: 1 } }] } },
};

describe('formSchemaOf', () => {
  it('takes an object schema with properties as it is', () => {
    const s = formSchemaOf(compare)!;
    expect(s).toBe(compare);
    expect(s.properties).toBe(compare.properties);
    expect(s.additionalProperties).toBe(false);
  });
  it('has no form for missing, empty or non-object schemas (third-party plot types): the JSON editor then', () => {
    expect(formSchemaOf(undefined)).toBeNull();
    expect(formSchemaOf({})).toBeNull();
    expect(formSchemaOf({ $schema: 'x', type: 'object', properties: {} })).toBeNull();
    expect(formSchemaOf({ type: 'array', items: {} })).toBeNull();
    expect(formSchemaOf([])).toBeNull();
  });
});

describe('lists of names', () => {
  it('recognises arrays of strings and string-or-array, not enums or other arrays', () => {
    expect(listShapeOf(compare.properties.metrics)).toBe('array');
    expect(listShapeOf(roc.properties.prefix)).toBe('string-or-array');
    expect(listShapeOf(compare.properties.kind)).toBeNull();
    expect(listShapeOf({ type: 'array', items: { type: 'number' } })).toBeNull();
    expect(listShapeOf({ type: 'array', items: { type: 'string', enum: ['a'] } })).toBeNull();
  });
  it('gives them the list field in the ui schema, nested objects included', () => {
    expect(uiSchemaOf(compare)).toEqual({
      metrics: { 'ui:field': 'stringList', 'ui:options': { fieldReplacesAnyOrOneOf: true, shape: 'array' } },
      nested: { params: { 'ui:field': 'stringList', 'ui:options': { fieldReplacesAnyOrOneOf: true, shape: 'array' } } },
    });
    expect(uiSchemaOf(roc)).toEqual({ prefix: { 'ui:field': 'stringList', 'ui:options': { fieldReplacesAnyOrOneOf: true, shape: 'string-or-array' } } });
  });
  it('splits on commas, trimmed, but not inside a /regex/', () => {
    expect(splitList('val/loss, train/loss ,, ')).toEqual(['val/loss', 'train/loss']);
    expect(splitList('/^train\\//, acc')).toEqual(['/^train\\//', 'acc']);
    expect(splitList('/a{1,3}/, b')).toEqual(['/a{1,3}/', 'b']);
    expect(splitList('/unclosed,x')).toEqual(['/unclosed,x']);
    expect(splitList('')).toEqual([]);
    expect(joinList(splitList('a,b'))).toBe('a, b');
  });
  it('reads and writes the field value: unset when empty, one string where the schema allows one', () => {
    expect(listItems(['a', 'b'])).toEqual(['a', 'b']);
    expect(listItems('roc')).toEqual(['roc']);
    expect(listItems(undefined)).toEqual([]);
    expect(listValue([], 'array')).toBeUndefined();
    expect(listValue(['a'], 'array')).toEqual(['a']);
    expect(listValue(['a'], 'string-or-array')).toBe('a');
    expect(listValue(['a', 'b'], 'string-or-array')).toEqual(['a', 'b']);
  });
  it('suggests the keys not yet listed, after the entries typed so far', () => {
    const keys = ['train/loss', 'val/acc', 'val/loss'];
    expect(listSuggestions('', keys)).toEqual(keys);
    expect(listSuggestions('val/loss, tr', keys)).toEqual(['val/loss, train/loss', 'val/loss, val/acc']);
    expect(listSuggestions('val/loss,', keys, 1)).toEqual(['val/loss, train/loss']);
  });
});

describe('help and errors', () => {
  it('shows a number range only when it tells something', () => {
    expect(rangeText(compare.properties.alpha)).toBe('(0, 1)');
    expect(rangeText({ minimum: 2, maximum: 100000 })).toBe('2 – 100000');
    expect(rangeText({ exclusiveMinimum: 0 })).toBe('> 0');
    expect(rangeText(compare.properties.seed)).toBe('');
  });
  it('describes lists and keeps a schema description first', () => {
    expect(helpText(compare.properties.metrics, 'metrics')).toBe('comma-separated metric keys or /regex/');
    expect(helpText({ ...compare.properties.alpha, description: 'significance level' }, 'alpha')).toBe('significance level · (0, 1)');
  });
  it('words ajv errors for people', () => {
    expect(errorMessage({ name: 'additionalProperties', message: 'must NOT have additional properties', params: { additionalProperty: 'foo' } })).toBe('unknown option "foo"');
    expect(errorMessage({ name: 'required', message: "must have required property 'metrics'", params: { missingProperty: 'metrics' } })).toBe('required');
    expect(errorMessage({ name: 'enum', message: 'must be equal to one of the allowed values', params: { allowedValues: ['a', 'b'] } })).toBe('must be one of a, b');
    expect(errorMessage({ name: 'exclusiveMaximum', message: 'must be < 1', params: { limit: 1 } })).toBe('must be < 1');
  });
});
