/** Errors a caller can fix (bad input, not found, conflicts), and the translation of database errors into them. */
import type { z } from "zod";

export interface FieldIssue {
  field: string;
  message: string;
}

/** Bad input: names each field and what was expected. Nothing has been written when this is thrown. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(
      issues.length ? `${message}: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}` : message,
    );
  }

  static fromZod(err: z.ZodError, what = "Invalid input"): InputError {
    return new InputError(
      what,
      err.issues.map((i) => ({ field: i.path.join(".") || "(input)", message: i.message })),
    );
  }
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

export class ConflictError extends Error {
  override name = "ConflictError";
}

/** Parses with a zod schema, throwing InputError with one line per bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what?: string): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw InputError.fromZod(r.error, what);
  return r.data;
}

interface PgError {
  code?: string;
  constraint?: string;
  constraint_name?: string;
  detail?: string;
  column?: string;
  column_name?: string;
  table?: string;
  table_name?: string;
  message?: string;
}

/**
 * Maps a PostgreSQL error (either driver) to an error the caller can act on; returns undefined for bugs.
 * Constraint names follow `<table>_<column>_check|fk|key`, so the message can name the field.
 */
export function describeDbError(err: unknown): InputError | ConflictError | undefined {
  const e = (err as { cause?: unknown }).cause ?? err;
  const pg = e as PgError;
  const constraint = pg.constraint ?? pg.constraint_name ?? "";
  const table = pg.table ?? pg.table_name ?? "";
  const field = fieldOf(constraint, table);
  switch (pg.code) {
    case "23514":
      return new InputError("Invalid value", [{ field, message: checkMessage(constraint) }]);
    case "23503":
      return new InputError("Unknown reference", [
        { field, message: "refers to a record that does not exist in this business" },
      ]);
    case "23505":
      return new ConflictError(`A record with the same ${field.replace(/,/g, ", ")} already exists`);
    case "23502":
      return new InputError("Missing value", [
        { field: pg.column ?? pg.column_name ?? field, message: "is required" },
      ]);
    case "22P02":
    case "22007":
    case "22008":
    case "22003":
      return new InputError("Invalid value", [
        { field: "(input)", message: pg.message ?? "malformed value" },
      ]);
    default:
      return undefined;
  }
}

function fieldOf(constraint: string, table: string): string {
  let rest = constraint;
  if (table && rest.startsWith(`${table}_`)) rest = rest.slice(table.length + 1);
  return rest.replace(/_(check|fk|key|pkey|idx)$/, "") || constraint || "(input)";
}

function checkMessage(constraint: string): string {
  if (constraint.endsWith("currency_check"))
    return "must be a three-letter ISO 4217 currency code such as USD";
  if (
    /status_check|kind_check|role_check|_check$/.test(constraint) &&
    /(status|kind|role|type|priority)/.test(constraint)
  )
    return "is not one of the allowed values";
  return "is out of range (for example negative where only zero or more is allowed)";
}
