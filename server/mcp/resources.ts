/**
 * Records as MCP resources (`omni://records/<id>`, read through the record's `<entity>_get` tool, so the role,
 * toolset and tenant checks are the registry's) and prompts for common work that name the tools to use.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AnyTool } from "../../tools/define.js";
import { errorText } from "../../tools/errors.js";
import { entityForId } from "../../tools/records.js";
import type { SessionContext } from "./server.js";

/** JSON-RPC code MCP uses for "no such resource". */
export const RESOURCE_NOT_FOUND = -32002;

export function registerRecordResource(
  mcp: McpServer,
  s: SessionContext,
  reachable: (name: string) => AnyTool | undefined,
): void {
  mcp.registerResource(
    "record",
    new ResourceTemplate("omni://records/{id}", { list: undefined }),
    {
      title: "A record by id",
      description:
        "Any record of the business by its id (inv_…, cus_…, emp_…): its fields, tags, links and related records, as JSON.",
      mimeType: "application/json",
    },
    async (uri, variables) => {
      const id = String(Array.isArray(variables.id) ? variables.id[0] : variables.id);
      const spec = entityForId(id);
      if (!spec)
        throw new McpError(RESOURCE_NOT_FOUND, `No record ${id}: the id's prefix names no record type.`);
      const tool = reachable(`${spec.plural}_get`);
      if (!tool) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `This session may not read ${spec.type.replace(/_/g, " ")} records (its role or toolsets leave out ${spec.plural}_get).`,
        );
      }
      const r = await s.call(tool, { id });
      if (!r.ok) {
        throw new McpError(
          r.error.code === "not_found" ? RESOURCE_NOT_FOUND : ErrorCode.InvalidParams,
          errorText(r.error),
        );
      }
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(r.output) }] };
    },
  );
}

interface PromptSpec {
  name: string;
  title: string;
  description: string;
  /** Offered only when the session reaches all of these tools. */
  needs: string[];
  args: Record<string, string>;
  text(args: Record<string, string | undefined>): string;
}

const PROMPTS: PromptSpec[] = [
  {
    name: "weekly_review",
    title: "Weekly review",
    description: "What happened this week, what needs attention, what to do next — with cited records.",
    needs: ["business_overview", "period_summary"],
    args: { week_of: "any date in the week to review, YYYY-MM-DD (default: the last 7 days)" },
    text: (a) =>
      [
        `Give me a weekly review of the business${a.week_of ? ` for the week containing ${a.week_of}` : " for the last 7 days"}.`,
        "1. Call business_overview for the state of things, then period_summary for the week (and the week before, to compare).",
        "2. Dig into what stands out with the module reports you can reach: finance_cash_position and finance_ar_aging for money, sales_pipeline for deals, support_open_tickets for customers, operations_low_stock for stock, legal_expiring for deadlines. Use find_tools or list_toolsets if a tool is not listed.",
        "3. Answer in three short sections — what happened, what needs attention, what to do next — and cite the record ids you used (refs).",
        "Do not change anything. If an action is worth taking, describe it; a tool that changes data only proposes it for approval.",
      ].join("\n"),
  },
  {
    name: "cash_check",
    title: "Cash check",
    description: "Cash on hand, what is coming in and going out, and the runway, from the books.",
    needs: ["finance_cash_position", "finance_cash_forecast"],
    args: { horizon_days: "how far ahead to look, in days (default 30)" },
    text: (a) =>
      [
        `Check our cash for the next ${a.horizon_days ?? "30"} days.`,
        "1. finance_cash_position for balances per account today.",
        `2. finance_cash_forecast over ${a.horizon_days ?? "30"} days for expected receipts and payments.`,
        "3. finance_ar_aging and finance_ap_aging for what customers owe us and what we owe, and how late.",
        "4. finance_cash_flow for the last few months' trend.",
        "Say plainly whether cash is fine, tight or short, when the low point is, and the two or three things that would help most (chase which invoices, delay which bills). Cite record ids. Change nothing.",
      ].join("\n"),
  },
  {
    name: "invoice_chasing",
    title: "Invoice chasing",
    description: "Overdue invoices worth chasing, who to contact and a draft reminder for each.",
    needs: ["finance_ar_aging", "invoices_list"],
    args: { min_days_overdue: "only invoices at least this many days overdue (default 1)" },
    text: (a) =>
      [
        `Find the unpaid invoices at least ${a.min_days_overdue ?? "1"} day(s) overdue and help me chase them.`,
        "1. finance_ar_aging for the overview by customer and age bucket.",
        "2. invoices_list filtered to unpaid/overdue invoices for the details; invoices_get and customers_get for the contact of each.",
        "3. Rank them by amount and age; for each, draft a short, polite reminder that names the invoice number, amount and due date.",
        "Show the drafts. Sending email or changing an invoice is only proposed, and runs once someone with the right role approves it (approve_action).",
      ].join("\n"),
  },
];

export function registerPrompts(mcp: McpServer, reachable: (name: string) => AnyTool | undefined): void {
  for (const p of PROMPTS) {
    if (!p.needs.every((n) => reachable(n))) continue;
    const argsSchema = Object.fromEntries(
      Object.entries(p.args).map(([k, d]) => [k, z.string().optional().describe(d)]),
    );
    mcp.registerPrompt(p.name, { title: p.title, description: p.description, argsSchema }, (args) => ({
      description: p.description,
      messages: [
        {
          role: "user" as const,
          content: { type: "text" as const, text: p.text(args as Record<string, string | undefined>) },
        },
      ],
    }));
  }
}

export const PROMPT_NAMES = PROMPTS.map((p) => p.name);
