/**
 * How MCP clients see tools and results. Registry tools render through tools/describe.ts (the one renderer the
 * agent, the CLI and the snapshots share); a tool that changes data may come back as a pending action instead of
 * its output, so its output schema says so. Results carry structuredContent and the same JSON as text.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { ACTION_STATUSES, ROLES } from "../../db/schema/core.js";
import { type AnyTool, refSchema } from "../../tools/define.js";
import { type Annotations, annotationsFor, toolDefinition } from "../../tools/describe.js";
import { errorText, type ToolError } from "../../tools/errors.js";

/** An ai_action as clients see it (tools/actions/card.ts); loose so a field added there does not break clients. */
export const actionCardSchema = z.looseObject({
  id: z.string().describe("action id (act_…)"),
  tool: z.string().describe("the tool that will run once approved"),
  summary: z.string().describe("one line: what will happen"),
  preview: z.record(z.string(), z.unknown()).describe("exactly what will be written or sent"),
  status: z.enum(ACTION_STATUSES),
  approverRoles: z.array(z.enum(ROLES)).describe("roles that may approve or reject it"),
  fromUntrustedContent: z.boolean().describe("proposed after reading outside content: check it closely"),
  proposedByUserId: z.string().nullable(),
  threadId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  decidedByUserId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable().describe("the tool's output once it ran"),
  error: z.string().nullable(),
  canDecide: z.boolean().optional().describe("whether you may approve or reject it now"),
});

/** What a write or external tool returns when the call was proposed instead of run. */
export const pendingOutputSchema = z.object({
  pending_action: actionCardSchema.describe("the proposal, waiting for approval"),
  refs: z.array(refSchema),
});

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema, exactly as tools/describe.ts renders registry tools. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete out.$schema;
  return out;
}

const pendingJson = jsonSchema(pendingOutputSchema, "output");

/** `{ type: object, anyOf: [output, pending] }`, with the output's $defs hoisted so its $refs still resolve. */
function orPending(output: Json): Json {
  const { $defs, ...rest } = output;
  return { type: "object", ...($defs ? { $defs } : {}), anyOf: [rest, pendingJson] };
}

const rendered = new WeakMap<AnyTool, Tool>();

/** A registry tool as an MCP tool: title, description, schemas and annotations derived from its access. */
export function mcpTool(tool: AnyTool): Tool {
  let t = rendered.get(tool);
  if (!t) {
    const d = toolDefinition(tool);
    t = {
      name: d.name,
      title: d.title,
      description: d.description,
      inputSchema: d.inputSchema as Tool["inputSchema"],
      outputSchema: (d.access === "read"
        ? d.outputSchema
        : orPending(d.outputSchema)) as Tool["outputSchema"],
      annotations: { title: d.title, ...d.annotations },
    };
    rendered.set(tool, t);
  }
  return t;
}

/** A tool the MCP session itself serves (discovery, approvals): zod in and out, rendered like registry tools. */
export interface SessionTool {
  name: string;
  title: string;
  description: string;
  input: z.ZodType;
  output: z.ZodType;
  annotations: Annotations;
}

export function sessionToolDefinition(t: SessionTool): Tool {
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: jsonSchema(t.input, "input") as Tool["inputSchema"],
    outputSchema: jsonSchema(t.output, "output") as Tool["outputSchema"],
    annotations: { title: t.title, ...t.annotations },
  };
}

export { annotationsFor };

/** A successful result: the output as structuredContent, and as text for clients that only read text. */
export function okResult(output: Json, lead?: string): CallToolResult {
  const json = JSON.stringify(output);
  return {
    structuredContent: output,
    content: lead
      ? [
          { type: "text", text: lead },
          { type: "text", text: json },
        ]
      : [{ type: "text", text: json }],
  };
}

/** A tool error the caller can fix, as an `isError` result (no structuredContent: clients validate it). */
export function errorResult(error: ToolError): CallToolResult {
  return { isError: true, content: [{ type: "text", text: `${error.code}: ${errorText(error)}` }] };
}
