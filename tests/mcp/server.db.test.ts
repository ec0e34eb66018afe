/**
 * The MCP server with the SDK's own client (in-memory transport): tools per role, toolset and read-only mode,
 * dynamic toolsets, results equal to the registry's, proposals approved through the tools and run exactly once,
 * elicitation, resources and prompts, and errors that are results or protocol errors — never crashes.
 */
import { CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBusiness } from "../../db/queries/businesses.js";
import { toolDefinition } from "../../tools/describe.js";
import { registry } from "../../tools/index.js";
import { type ToolHarness, toolHarness } from "../helpers/tools.js";
import { connect, structured, text } from "./helpers.js";

const APPROVAL_TOOLS = ["list_pending_actions", "approve_action", "reject_action"];
const DISCOVERY_TOOLS = ["list_toolsets", "enable_toolset", "find_tools"];

let h: ToolHarness;
let other: ToolHarness;
let customerId: string;
let contactId: string;
let otherContactId: string;

beforeAll(async () => {
  h = await toolHarness({ businessName: "Mcp Co" });
  const created = await h.ok("owner", "customers_write", {
    method: "create",
    fields: { name: "Harbor Cafe" },
  });
  customerId = (created.record as { id: string }).id;
  const contact = await h.ok("owner", "contacts_write", {
    method: "create",
    fields: { firstName: "Harbor", lastName: "Host", customerId },
  });
  contactId = (contact.record as { id: string }).id;
  const biz = await createBusiness(h.db.db, { name: "Other Co" });
  other = await toolHarness({ db: h.db, businessId: biz.id });
  const theirs = await other.ok("owner", "contacts_write", {
    method: "create",
    fields: { firstName: "Secret" },
  });
  otherContactId = (theirs.record as { id: string }).id;
});
afterAll(() => h.db.dispose());

async function names(role: Parameters<typeof connect>[1], opts: Parameters<typeof connect>[2] = {}) {
  const s = await connect(h, role, opts);
  try {
    return (await s.client.listTools()).tools.map((t) => t.name);
  } finally {
    await s.close();
  }
}

describe("MCP session: initialize and tools/list", () => {
  it("initializes with tools (listChanged), resources and prompts, and instructions", async () => {
    const s = await connect(h, "owner");
    try {
      expect(s.client.getServerVersion()?.name).toBe("omnibusiness");
      const caps = s.client.getServerCapabilities();
      expect(caps?.tools?.listChanged).toBe(true);
      expect(caps?.resources).toBeDefined();
      expect(caps?.prompts).toBeDefined();
      expect(s.client.getInstructions()).toMatch(/approve_action/);
    } finally {
      await s.close();
    }
  });

  it("lists every tool the role may use, rendered from the registry, plus the approval tools", async () => {
    const s = await connect(h, "owner");
    try {
      const { tools } = await s.client.listTools();
      const expected = registry.list({ role: "owner" }).map((t) => t.name);
      expect(tools.map((t) => t.name)).toEqual([...APPROVAL_TOOLS, ...expected]);
      const aging = tools.find((t) => t.name === "finance_ar_aging")!;
      const def = toolDefinition(registry.get("finance_ar_aging")!);
      expect(aging).toMatchObject({
        title: def.title,
        description: def.description,
        inputSchema: def.inputSchema,
        outputSchema: def.outputSchema,
        annotations: {
          readOnlyHint: true,
          destructiveHint: false,
          idempotentHint: true,
          openWorldHint: false,
        },
      });
      const write = tools.find((t) => t.name === "customers_write")!;
      expect(write.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
      expect((write.outputSchema as unknown as { anyOf: unknown[] }).anyOf).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it("staff sees no finance tools; the accountant sees finance but no admin writes", async () => {
    const staff = await names("staff");
    expect(staff.some((n) => registry.get(n)?.module === "finance")).toBe(false);
    expect(staff).not.toContain("invoices_list");
    expect(staff).toContain("contacts_list");
    const accountant = await names("accountant");
    expect(accountant).toContain("finance_ar_aging");
    expect(accountant).toContain("invoices_write");
  });

  it("toolsets narrow the list to those modules (approval tools stay)", async () => {
    const list = await names("owner", { toolsets: ["finance"] });
    expect(list.slice(0, 3)).toEqual(APPROVAL_TOOLS);
    expect(list.slice(3).every((n) => registry.get(n)!.module === "finance")).toBe(true);
    expect(list).toContain("finance_cash_forecast");
  });

  it("a token limited to toolsets cannot be widened by the client", async () => {
    const list = await names("owner", { token: { toolsets: ["sales"] } });
    expect(new Set(list.slice(3).map((n) => registry.get(n)!.module))).toEqual(new Set(["sales"]));
    await expect(
      connect(h, "owner", { token: { toolsets: ["sales"] }, toolsets: ["finance"] }),
    ).rejects.toThrow(/limited to sales/);
  });

  it("read-only lists no write tool and no approval tool, and refuses a write call", async () => {
    for (const opts of [{ readOnly: true }, { token: { readOnly: true } }]) {
      const s = await connect(h, "owner", opts);
      try {
        const { tools } = await s.client.listTools();
        expect(tools.length).toBeGreaterThan(50);
        expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
        expect(tools.some((t) => APPROVAL_TOOLS.includes(t.name))).toBe(false);
        await expect(
          s.call("customers_write", { method: "create", fields: { name: "Nope" } }),
        ).rejects.toThrow(/read-only/);
      } finally {
        await s.close();
      }
    }
  });
});

describe("MCP session: dynamic toolsets", () => {
  it("starts with discovery tools, finds tools, enables a toolset and notifies list_changed", async () => {
    const s = await connect(h, "owner", { dynamic: true });
    try {
      expect((await s.client.listTools()).tools.map((t) => t.name)).toEqual([
        ...DISCOVERY_TOOLS,
        ...APPROVAL_TOOLS,
      ]);
      const sets = structured(await s.call("list_toolsets")).toolsets as Array<{
        name: string;
        enabled: boolean;
      }>;
      expect(sets.find((t) => t.name === "finance")).toMatchObject({ enabled: false });
      const found = structured(await s.call("find_tools", { query: "overdue invoices" })).tools as Array<{
        name: string;
        toolset: string;
        enabled: boolean;
      }>;
      expect(found.some((t) => t.name === "invoices_list" && t.toolset === "finance" && !t.enabled)).toBe(
        true,
      );
      await expect(s.call("invoices_list")).rejects.toThrow(/enable_toolset/);
      const enabled = structured(await s.call("enable_toolset", { toolset: "finance" }));
      expect(enabled.tools).toContain("invoices_list");
      await vi_waitFor(() => s.listChanged === 1);
      const after = (await s.client.listTools()).tools.map((t) => t.name);
      expect(after).toContain("finance_ar_aging");
      expect(after.some((n) => n.startsWith("contacts_"))).toBe(false);
      expect(structured(await s.call("invoices_list")).items).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it("dynamic staff cannot enable a toolset its role has no tool in", async () => {
    const s = await connect(h, "staff", { dynamic: true });
    try {
      const sets = structured(await s.call("list_toolsets")).toolsets as Array<{ name: string }>;
      expect(sets.map((t) => t.name)).not.toContain("finance");
      const r = await s.call("enable_toolset", { toolset: "finance" });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/toolset/);
    } finally {
      await s.close();
    }
  });
});

describe("MCP session: calls", () => {
  it("a read tool returns exactly the registry's output, as structuredContent and as JSON text", async () => {
    const s = await connect(h, "manager");
    try {
      const r = await s.call("customers_list", { limit: 5 });
      const direct = await registry.call(
        { db: h.db.db, businessId: h.businessId, userId: h.users.manager },
        "customers_list",
        { limit: 5 },
      );
      expect(direct.ok).toBe(true);
      expect(r.structuredContent).toEqual(direct.ok && direct.output);
      expect(JSON.parse(text(r))).toEqual(r.structuredContent);
    } finally {
      await s.close();
    }
  });

  it("bad input is a tool error naming the field; an unknown tool is a protocol error with suggestions", async () => {
    const s = await connect(h, "owner");
    try {
      const bad = await s.call("customers_list", { limit: "many" });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toMatch(/invalid_input[\s\S]*limit/);
      const err = await s.call("customers_lsit").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32602);
      expect((err as McpError).message).toMatch(/Did you mean customers_list/);
      const staff = await connect(h, "staff");
      await expect(staff.call("finance_ar_aging")).rejects.toThrow(/staff role may not/);
      await staff.close();
      // the session still works
      expect(structured(await s.call("customers_list")).items).toBeDefined();
    } finally {
      await s.close();
    }
  });

  it("malformed requests and unknown methods are JSON-RPC errors; the session goes on", async () => {
    const s = await connect(h, "owner");
    try {
      const bad = await s.client
        .request({ method: "tools/call", params: { arguments: {} } } as never, CallToolResultSchema)
        .catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(McpError);
      expect((bad as McpError).code).toBe(-32602);
      const unknown = await s.client
        .request({ method: "tools/explode", params: {} } as never, CallToolResultSchema)
        .catch((e: unknown) => e);
      expect((unknown as McpError).code).toBe(-32601);
      expect(structured(await s.call("contacts_list")).items).toBeDefined();
    } finally {
      await s.close();
    }
  });

  it("a write is proposed, approved through approve_action and executed exactly once", async () => {
    const owner = await connect(h, "owner");
    const accountant = await connect(h, "accountant");
    try {
      const proposed = await owner.call("contacts_write", {
        method: "create",
        fields: { firstName: "Bluedoor" },
      });
      const card = structured(proposed).pending_action as {
        id: string;
        status: string;
        approverRoles: string[];
      };
      expect(card.status).toBe("proposed");
      expect(card.approverRoles).not.toContain("accountant");
      expect(text(proposed)).toMatch(/Proposed, not done yet/);
      expect(await count("Bluedoor")).toBe(0);

      const pending = structured(await owner.call("list_pending_actions")).actions as Array<{
        id: string;
        canDecide: boolean;
      }>;
      expect(pending.find((a) => a.id === card.id)?.canDecide).toBe(true);

      const refused = await accountant.call("approve_action", { id: card.id });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/forbidden/);
      expect(await count("Bluedoor")).toBe(0);

      const approved = structured(await owner.call("approve_action", { id: card.id }));
      expect(approved.action).toMatchObject({ id: card.id, status: "succeeded" });
      expect(await count("Bluedoor")).toBe(1);

      const again = await owner.call("approve_action", { id: card.id });
      expect(again.isError).toBe(true);
      expect(text(again)).toMatch(/conflict/);
      expect(await count("Bluedoor")).toBe(1);
    } finally {
      await owner.close();
      await accountant.close();
    }
  });

  it("a rejected proposal never runs", async () => {
    const s = await connect(h, "manager");
    try {
      const card = structured(
        await s.call("contacts_write", { method: "create", fields: { firstName: "Neverland" } }),
      ).pending_action as { id: string };
      const r = structured(await s.call("reject_action", { id: card.id, note: "duplicate" }));
      expect(r.action).toMatchObject({ status: "rejected" });
      expect(await count("Neverland")).toBe(0);
    } finally {
      await s.close();
    }
  });

  it("asks the user to confirm through elicitation when the client supports it", async () => {
    let answer: "decline" | "yes" = "decline";
    const s = await connect(h, "owner", {
      elicit: () =>
        answer === "yes" ? { action: "accept", content: { confirm: true } } : { action: "decline" },
    });
    try {
      const card = structured(
        await s.call("contacts_write", { method: "create", fields: { firstName: "Elicited" } }),
      ).pending_action as { id: string };
      const declined = await s.call("approve_action", { id: card.id });
      expect(declined.isError).toBeFalsy();
      expect(text(declined)).toMatch(/Not approved/);
      expect(structured(declined).action).toMatchObject({ status: "proposed" });
      expect(await count("Elicited")).toBe(0);
      answer = "yes";
      expect(structured(await s.call("approve_action", { id: card.id })).action).toMatchObject({
        status: "succeeded",
      });
      expect(await count("Elicited")).toBe(1);
    } finally {
      await s.close();
    }
  });

  it("harmless writes such as tagging run at once", async () => {
    const s = await connect(h, "staff");
    try {
      const r = structured(await s.call("records_tag", { id: contactId, tags: ["vip"] }));
      expect(r.pending_action).toBeUndefined();
    } finally {
      await s.close();
    }
  });
});

describe("MCP session: resources and prompts", () => {
  it("reads a record as omni://records/<id>; another business's id is not found", async () => {
    const s = await connect(h, "staff");
    try {
      const templates = await s.client.listResourceTemplates();
      expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toEqual(["omni://records/{id}"]);
      const r = await s.client.readResource({ uri: `omni://records/${contactId}` });
      const body = JSON.parse((r.contents[0] as { text: string }).text) as { record: { firstName: string } };
      expect(body.record.firstName).toBe("Harbor");
      const err = await s.client.readResource({ uri: `omni://records/${otherContactId}` }).catch((e) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32002);
      expect((err as McpError).message).not.toMatch(/Secret/);
      await expect(s.client.readResource({ uri: `omni://records/${customerId}` })).rejects.toThrow(
        /may not read customer records/,
      );
      await expect(s.client.readResource({ uri: "omni://records/xyz_nope" })).rejects.toThrow(/No record/);
    } finally {
      await s.close();
    }
  });

  it("offers prompts the role can follow, naming the tools to use", async () => {
    const owner = await connect(h, "owner");
    const staff = await connect(h, "staff");
    try {
      expect((await owner.client.listPrompts()).prompts.map((p) => p.name)).toEqual([
        "weekly_review",
        "cash_check",
        "invoice_chasing",
      ]);
      expect((await staff.client.listPrompts()).prompts.map((p) => p.name)).toEqual(["weekly_review"]);
      const p = await owner.client.getPrompt({ name: "cash_check", arguments: { horizon_days: "60" } });
      const msg = p.messages[0]!.content as { text: string };
      expect(msg.text).toMatch(/finance_cash_forecast over 60 days/);
    } finally {
      await owner.close();
      await staff.close();
    }
  });
});

async function count(firstName: string): Promise<number> {
  const out = await h.ok("owner", "contacts_list", { q: firstName });
  return (out.items as Array<{ firstName: string }>).filter((c) => c.firstName === firstName).length;
}

async function vi_waitFor(cond: () => boolean, ms = 2000) {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 10));
  }
}
