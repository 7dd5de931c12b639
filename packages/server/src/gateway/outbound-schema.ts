/**
 * JSON Schemas that leave (tool parameters, `response_format`): every string and number is
 * analysed — descriptions, `$comment`, `pattern`, extension keys (`x-note`), `enum`/`const`
 * values, property and definition names — except `type`, which is fixed vocabulary. Names are
 * analysed on their own wherever they appear (`properties`, `required`, `$ref` segments), so
 * the same vault gives them the same placeholder and the schema stays consistent; the model's
 * arguments then use the placeholder as key, and restoring the arguments brings it back.
 */
import type { OutboundProtector } from './outbound-protector.ts';

const JSON_TYPES = new Set(['string', 'number', 'integer', 'object', 'array', 'boolean', 'null']);
/** Values mapping names to subschemas. */
const NAMED_SUBSCHEMAS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Values that are a subschema or a list of them. */
const SUBSCHEMAS = new Set([
  'items', 'prefixItems', 'additionalItems', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems',
  'propertyNames', 'contains', 'not', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf',
]);
/** Values that are instance data (any JSON): read with the property name as context. */
const DATA = new Set(['enum', 'const', 'default', 'examples']);
const POINTERS = new Set(['$ref', '$dynamicRef']);
/** Keywords: their names are the schema's vocabulary, not analysed; any other key is. */
const KEYWORDS = new Set([
  ...NAMED_SUBSCHEMAS, ...SUBSCHEMAS, ...DATA, ...POINTERS,
  'type', '$schema', '$id', '$anchor', '$dynamicAnchor', '$comment', '$vocabulary', 'format', 'title', 'description',
  'required', 'dependentRequired', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minContains', 'maxContains', 'minProperties',
  'maxProperties', 'contentEncoding', 'contentMediaType', 'contentSchema', 'deprecated', 'readOnly', 'writeOnly', 'nullable',
]);

/** The schema shielded, then verified as a whole (residue → the protector records it). */
export function protectSchema(schema: Record<string, unknown>, protector: OutboundProtector): Record<string, unknown> {
  const out = schemaNode(schema, protector, undefined) as Record<string, unknown>;
  protector.verifyNothingLeft(JSON.stringify(out));
  return out;
}

/** `property`: the name of the property this subschema describes (context for its values). */
function schemaNode(node: unknown, protector: OutboundProtector, property: string | undefined): unknown {
  if (Array.isArray(node)) return node.map((item) => schemaNode(item, protector, property));
  if (typeof node !== 'object' || node === null) return protector.jsonValue(node, property);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[KEYWORDS.has(key) ? key : protector.text(key)] = keywordValue(key, value, protector, property);
  }
  return out;
}

function keywordValue(key: string, value: unknown, protector: OutboundProtector, property: string | undefined): unknown {
  if (key === 'type' && isJsonTypes(value)) return value;
  if (NAMED_SUBSCHEMAS.has(key) && isRecord(value)) {
    const named: Record<string, unknown> = {};
    for (const [name, subschema] of Object.entries(value)) named[protector.text(name)] = schemaNode(subschema, protector, name);
    return named;
  }
  if (SUBSCHEMAS.has(key)) return schemaNode(value, protector, property);
  if (key === 'required' && Array.isArray(value)) return value.map((name) => (typeof name === 'string' ? protector.text(name) : protector.jsonValue(name)));
  if (key === 'dependentRequired' && isRecord(value)) {
    const named: Record<string, unknown> = {};
    for (const [name, names] of Object.entries(value)) named[protector.text(name)] = Array.isArray(names) ? names.map((item) => (typeof item === 'string' ? protector.text(item) : protector.jsonValue(item))) : protector.jsonValue(names);
    return named;
  }
  if (POINTERS.has(key) && typeof value === 'string') return value.split('/').map((segment) => protector.text(segment)).join('/');
  if (DATA.has(key)) return protector.jsonValue(value, property);
  if (KEYWORDS.has(key)) return protector.jsonValue(value, property ?? key);
  return protector.jsonValue(value, key); // extension keys (x-…): data
}

function isJsonTypes(value: unknown): boolean {
  if (typeof value === 'string') return JSON_TYPES.has(value);
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && JSON_TYPES.has(item));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
