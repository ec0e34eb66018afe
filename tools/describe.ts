/**
 * What clients see of a tool: JSON Schemas of input and output, and annotations derived from its access
 * level. MCP, the agent, the CLI and the committed snapshots all render tools through this one function.
 */
import { z } from "zod";
import type { Access, AnyTool } from "./define.js";

export interface Annotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Derived from access, never declared per tool: the same data that enforces read-only mode. */
export function annotationsFor(access: Access): Annotations {
  return {
    readOnlyHint: access === "read",
    destructiveHint: access === "external",
    idempotentHint: access === "read",
    openWorldHint: access === "external",
  };
}

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  module: string;
  access: Access;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  annotations: Annotations;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

const cache = new WeakMap<AnyTool, ToolDefinition>();

export function toolDefinition(tool: AnyTool): ToolDefinition {
  let def = cache.get(tool);
  if (!def) {
    def = {
      name: tool.name,
      title: tool.title,
      description: tool.description,
      module: tool.module,
      access: tool.access,
      inputSchema: jsonSchema(tool.input, "input"),
      outputSchema: jsonSchema(tool.output, "output"),
      annotations: annotationsFor(tool.access),
    };
    cache.set(tool, def);
  }
  return def;
}

/** Rough token count of what a model is sent for a tool (name, description, input schema): ~4 characters a token. */
export function estimateTokens(tool: AnyTool): number {
  const d = toolDefinition(tool);
  return Math.ceil(
    JSON.stringify({ name: d.name, description: d.description, input_schema: d.inputSchema }).length / 4,
  );
}
