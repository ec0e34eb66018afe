/**
 * Forms and filters from a tool's JSON Schema (tools/describe.ts): what input each property gets, how a
 * submitted form becomes tool input, and how a tool's error lines map back onto fields. Nothing here knows
 * about a particular entity: the schemas the MCP clients see are the ones the forms are built from.
 */

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  maxLength?: number;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  description?: string;
  required?: string[];
  default?: unknown;
};

export type FieldKind =
  | "text"
  | "textarea"
  | "enum"
  | "date"
  | "datetime"
  | "int"
  | "number"
  | "bool"
  | "money"
  | "id"
  | "array"
  | "json";

export interface FormField {
  name: string;
  kind: FieldKind;
  options?: string[];
  nullable: boolean;
  required: boolean;
  /** For id fields: the prefix of the ids it takes ("" = any record). */
  idPrefix?: string;
  /** The schema's `.describe()` text, which a form may show as the field's hint. */
  description?: string;
}

const LONG_TEXT = /^(body|description|notes|textContent|content|terms|comment|answer|steps|summary|text)$/;

/** The non-null branch of a nullable property, and whether it was nullable. */
function unwrap(s: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  if (s.anyOf) {
    const other = s.anyOf.filter((x) => x.type !== "null");
    if (other.length === 1) return { schema: other[0]!, nullable: other.length < s.anyOf.length };
  }
  return { schema: s, nullable: false };
}

/** What kind of input a property gets. */
export function kindOf(
  name: string,
  s: JsonSchema,
): { kind: FieldKind; options?: string[]; idPrefix?: string } {
  if (Array.isArray(s.enum)) return { kind: "enum", options: s.enum.map(String) };
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === "boolean") return { kind: "bool" };
  if (type === "integer") return { kind: "int" };
  if (type === "number") return { kind: "number" };
  if (type === "array") return { kind: "array" };
  if (type === "string") {
    if (s.format === "date") return { kind: "date" };
    if (s.format === "date-time") return { kind: "datetime" };
    const id = s.pattern
      ? /^\^(\[a-z\]\{2,5\}|[a-z]{2,5})_\[0-9A-HJKMNP-TV-Z\]\{26\}\$$/.exec(s.pattern)
      : null;
    if (id) return { kind: "id", idPrefix: id[1]!.startsWith("[") ? "" : id[1] };
    if (s.pattern?.startsWith("^-?\\d{1,15}")) return { kind: "money" };
    if (LONG_TEXT.test(name) || (s.maxLength ?? 0) > 10_000) return { kind: "textarea" };
    return { kind: "text" };
  }
  return { kind: "json" };
}

/** The fields of an object schema, in schema order. `required` marks fields needed on create. */
export function fieldsOfSchema(
  schema: JsonSchema | undefined,
  required: ReadonlySet<string> = new Set(),
): FormField[] {
  return Object.entries(schema?.properties ?? {}).map(([name, prop]) => {
    const { schema: s, nullable } = unwrap(prop);
    const description = prop.description ?? s.description;
    return {
      name,
      ...kindOf(name, s),
      nullable,
      required: required.has(name),
      ...(description ? { description } : {}),
    };
  });
}

/** A stored value as the text an input shows. */
export function displayValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(String).join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export interface FormParse {
  values: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * Submitted text → tool field values. On create, empty inputs are left out; on update only the fields that
 * differ from the record are sent, and clearing a nullable field sends null.
 */
export function parseForm(
  fields: FormField[],
  body: Record<string, unknown>,
  original?: Record<string, unknown>,
): FormParse {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const raw = body[f.name];
    if (typeof raw !== "string") continue;
    const text = raw.trim();
    if (original && text === displayValue(original[f.name]).trim()) continue;
    if (text === "") {
      if (original && f.nullable) values[f.name] = null;
      continue;
    }
    switch (f.kind) {
      case "int":
        if (/^-?\d+$/.test(text)) values[f.name] = Number(text);
        else errors[f.name] = "must be a whole number";
        break;
      case "number":
        if (Number.isFinite(Number(text))) values[f.name] = Number(text);
        else errors[f.name] = "must be a number";
        break;
      case "bool":
        if (text === "true" || text === "false") values[f.name] = text === "true";
        else errors[f.name] = "must be yes or no";
        break;
      case "array":
        values[f.name] = text
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean);
        break;
      case "json":
        try {
          values[f.name] = JSON.parse(text);
        } catch {
          errors[f.name] = "must be valid JSON";
        }
        break;
      default:
        values[f.name] = f.kind === "textarea" ? raw.replace(/\r\n/g, "\n") : text;
    }
  }
  return { values, errors };
}

/** A tool's issue lines ("fields.total: must be a decimal amount") → field → message, plus the rest. */
export function issuesToFields(
  issues: readonly string[] | undefined,
  prefix = "fields.",
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  for (const line of issues ?? []) {
    const m = line.startsWith(prefix)
      ? /^([A-Za-z0-9_]+)(?:\.[^:]*)?: (.*)$/.exec(line.slice(prefix.length))
      : null;
    if (m) byField[m[1]!] ??= m[2]!;
    else other.push(line);
  }
  return { byField, other };
}

/** Query-string text → list-tool input, typed by the list tool's schema; unknown and empty keys are dropped. */
export function queryToInput(schema: JsonSchema, query: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const v = query[name]?.trim();
    if (!v) continue;
    const { kind } = kindOf(name, unwrap(prop).schema);
    if (kind === "bool") input[name] = v === "true" || v === "on";
    else if (kind === "int" || kind === "number") input[name] = Number(v);
    else input[name] = v;
  }
  return input;
}
