/**
 * Tool errors a caller can fix come back as data — code, message, what to change — never as stack traces.
 * Bugs are thrown, logged with their cause, and shown as a generic `internal` error.
 */
import type { z } from "zod";

export type ToolErrorCode =
  | "unknown_tool"
  | "invalid_input"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "read_only"
  | "effect_failed"
  | "internal";

export interface ToolError {
  code: ToolErrorCode;
  message: string;
  /** One line per bad field: "status: expected one of draft, sent, paid (got 'done')". */
  issues?: string[];
  /** How to fix the call. */
  hint?: string;
}

/** An outside service (the mail server…) refused or failed; the message says what it answered. */
export class ToolEffectError extends Error {
  override name = "ToolEffectError";
}

/** Thrown by handlers for "the record you asked for is not in this business". */
export class ToolNotFound extends Error {
  override name = "ToolNotFound";
}

/** Thrown by handlers for input that passed the schema but makes no sense (e.g. end before start). */
export class ToolInputError extends Error {
  override name = "ToolInputError";
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
  }
}

/** Zod issues → short lines naming the field and what was expected. */
export function formatZodIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => {
    const field = i.path.length ? i.path.join(".") : "(input)";
    switch (i.code) {
      case "unrecognized_keys":
        return `${field === "(input)" ? "" : `${field}: `}unknown field${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `'${k}'`).join(", ")}`;
      case "invalid_value":
        return `${field}: expected one of ${i.values.map(String).join(", ")}`;
      case "invalid_type":
        return `${field}: ${i.message.replace(/^Invalid input: /, "")}`;
      default:
        return `${field}: ${i.message}`;
    }
  });
}

export function errorText(e: ToolError): string {
  const parts = [e.message, ...(e.issues ?? []).map((i) => `- ${i}`)];
  if (e.hint) parts.push(e.hint);
  return parts.join("\n");
}
