/**
 * A tool is a static record: name, module, title, description for the model, zod input and output, access
 * level and a handler. Nothing here knows about Slack, Discord or MCP; `defineTool` only helps inference.
 */
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema/core.js";
import type { Logger } from "../log.js";
import type { Module } from "./permissions.js";

export type Access = "read" | "write" | "external";

export const TOOL_NAME_RE = /^[a-z0-9_]{1,64}$/;

/** A record a tool output was built from; answers cite these and link to /b/<business>/r/<id>. */
export const refSchema = z.object({
  type: z.string().describe("record type, e.g. invoice"),
  id: z.string().describe("record id"),
  label: z.string().describe("short human label"),
});
export type Ref = z.infer<typeof refSchema>;

export interface BusinessInfo {
  id: string;
  name: string;
  slug: string;
  currency: string;
  timezone: string;
}

/**
 * Ways out of the database that a tool may use (sending email…), injected by the entry point so tests can point
 * them at local servers. Structural here so tools/ does not depend on integrations/.
 */
export interface Effects {
  mail?: MailSender;
}

export interface OutgoingEmail {
  from: string;
  to: string[];
  cc: string[];
  replyTo?: string;
  subject: string;
  text: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

export interface SendReceipt {
  messageId: string;
  accepted: string[];
  rejected: string[];
  response: string;
}

export interface MailSender {
  /** The configured From address (for exact previews), or undefined when sending is not set up. */
  sender(tx: Db, businessId: string): Promise<{ from: string; replyTo?: string } | undefined>;
  send(tx: Db, businessId: string, email: OutgoingEmail): Promise<SendReceipt>;
}

export interface UserInfo {
  id: string;
  name: string;
  email: string;
}

/** Request-scoped and read-only: built per call by the surface, passed down, never stored. */
export interface ToolContext {
  /** The transaction of this call, already inside the business's tenant context. */
  db: Db;
  business: BusinessInfo;
  user: UserInfo;
  role: Role;
  logger?: Logger;
  /** "Now" for this call (tests pin it); dates like "today" derive from it in the business's time zone. */
  now: Date;
  signal?: AbortSignal;
  effects?: Effects;
  /** When running an approved action: the values fixed at proposal (Message-ID, invoice number) so the run matches its preview. */
  pinned?: Record<string, unknown>;
}

/** What an approver sees before a side effect runs: one line, and the exact thing that will happen. */
export interface ActionPreview {
  summary: string;
  preview: Record<string, unknown>;
  /** Values chosen now that the run must reuse (handed back as ctx.pinned); shown in the preview too. */
  pinned?: Record<string, unknown>;
}

export interface ToolDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  module: Module;
  title: string;
  /** When to use it, in one or two sentences, pointing at neighbouring tools where useful. */
  description: string;
  input: I;
  output: O;
  access: Access;
  /** Its output can carry text from outside the business (emails, tickets, documents): quoted to the model as data. */
  untrusted?: boolean;
  run(ctx: ToolContext, input: z.output<I>): Promise<z.input<O>>;
  /**
   * The exact preview of a proposed call, without side effects. External tools must define it (their effect
   * cannot be rehearsed); write tools without it are previewed by running them in a rolled-back savepoint.
   */
  preview?(ctx: ToolContext, input: z.output<I>): Promise<ActionPreview>;
}

/** Identity function for type inference; validates the name once at definition time. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(def: ToolDef<I, O>): ToolDef<I, O> {
  if (!TOOL_NAME_RE.test(def.name))
    throw new Error(`Tool name ${JSON.stringify(def.name)} must match ${TOOL_NAME_RE}`);
  return def;
}

// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of tools erases their generic types
export type AnyTool = ToolDef<any, any>;

/** Outputs are objects that carry the refs they were built from. */
export const withRefs = <S extends z.ZodRawShape>(shape: S) =>
  z.object({ ...shape, refs: z.array(refSchema).describe("records this result was built from") });
