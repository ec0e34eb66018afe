/** An MCP session against a test business: the real server in this process, the SDK client on an in-memory pair. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type CallToolResult,
  ElicitRequestSchema,
  type ElicitResult,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { authenticateToken, createToken, type TokenAuth } from "../../db/queries/tokens.js";
import type { Role } from "../../db/schema/core.js";
import { createActionWorker } from "../../jobs/action-worker.js";
import { createMcpServer, type McpSessionOptions } from "../../server/mcp/server.js";
import type { ToolHarness } from "../helpers/tools.js";

export interface Session {
  client: Client;
  auth: TokenAuth;
  /** tools/list_changed notifications received so far. */
  listChanged: number;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

export async function tokenFor(
  h: ToolHarness,
  role: Role,
  limits: { readOnly?: boolean; toolsets?: string[] } = {},
): Promise<{ token: string; auth: TokenAuth }> {
  const { token } = await createToken(h.db.db, {
    businessId: h.businessId,
    userId: h.users[role],
    ...limits,
  });
  return { token, auth: (await authenticateToken(h.db.db, token))! };
}

export async function connect(
  h: ToolHarness,
  role: Role,
  opts: Partial<Pick<McpSessionOptions, "toolsets" | "readOnly" | "dynamic">> & {
    token?: { readOnly?: boolean; toolsets?: string[] };
    /** Declares the elicitation capability and answers confirmations with this. */
    elicit?: () => ElicitResult;
  } = {},
): Promise<Session> {
  const { auth } = await tokenFor(h, role, opts.token);
  const worker = createActionWorker({ db: h.db.db, registry: h.registry });
  const server = createMcpServer({
    db: h.db.db,
    registry: h.registry,
    auth,
    toolsets: opts.toolsets,
    readOnly: opts.readOnly,
    dynamic: opts.dynamic,
    worker,
  });
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    { capabilities: opts.elicit ? { elicitation: { form: {} } } : {} },
  );
  const session: Session = {
    client,
    auth,
    listChanged: 0,
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult,
    async close() {
      await client.close();
      await server.close();
      await worker.stop();
    },
  };
  if (opts.elicit) {
    const answer = opts.elicit;
    client.setRequestHandler(ElicitRequestSchema, async () => answer());
  }
  client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
    session.listChanged++;
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  await client.connect(clientSide);
  return session;
}

/** The structuredContent of a successful result (fails the test on an error result). */
export function structured(r: CallToolResult): Record<string, unknown> {
  if (r.isError) throw new Error(`tool error: ${JSON.stringify(r.content)}`);
  return r.structuredContent as Record<string, unknown>;
}

export function text(r: CallToolResult): string {
  return r.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
