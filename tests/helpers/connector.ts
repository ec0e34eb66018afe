/**
 * A connector for testing the integrations framework: it "syncs" customers from an in-memory list (a page at a
 * time, upserting by external id), needs an API token secret, and can be told to fail, to wait, or to hang.
 * Nothing in the product ships it; the real connectors are listed in integrations/index.ts.
 */

import { z } from "zod";
import { customers } from "../../db/schema/finance.js";
import { defineConnector } from "../../integrations/connector.js";

export interface FakeRemote {
  customers: { id: string; name: string }[];
  /** Throw this message after this many pages. */
  failAfterPages?: { pages: number; message: string };
  /** Each sync waits for this before its first page (to hold a run open). */
  gate?: Promise<void>;
  /** Every sync's secrets and config, as the connector received them. */
  seen: { config: unknown; secrets: unknown; since: Date | null }[];
  /** Pages the syncs fetched. */
  pages: number;
}

export function fakeRemote(names: string[] = ["Acme", "Birch", "Cedar", "Dune", "Elm"]): FakeRemote {
  return { customers: names.map((name, i) => ({ id: `r${i + 1}`, name })), seen: [], pages: 0 };
}

export function fakeCrmConnector(remote: FakeRemote, opts: { timeoutMs?: number; every?: number } = {}) {
  return defineConnector({
    type: "fake_crm",
    title: "Fake CRM",
    description: "Customers from a test CRM.",
    config: z.strictObject({
      account: z.string().trim().min(1, "is required").describe("account name at the CRM"),
      pageSize: z.number().int().min(1).max(100).default(2).describe("customers per page"),
      region: z.enum(["eu", "us"]).optional().describe("data region"),
    }),
    secrets: z.strictObject({
      apiToken: z.string().min(8, "must be at least 8 characters").describe("the CRM's API token"),
    }),
    async test(run) {
      if (run.secrets.apiToken === "wrong-token") throw new Error("The CRM refused the token (401).");
      return `Signed in to ${run.config.account}.`;
    },
    async sync(run) {
      remote.seen.push({ config: run.config, secrets: run.secrets, since: run.since });
      await remote.gate;
      let fetched = 0;
      let created = 0;
      for (let i = 0; i < remote.customers.length; i += run.config.pageSize) {
        run.signal.throwIfAborted();
        if (remote.failAfterPages && remote.pages >= remote.failAfterPages.pages)
          throw new Error(remote.failAfterPages.message);
        remote.pages++;
        const page = remote.customers.slice(i, i + run.config.pageSize);
        created += await run.transaction(async (tx) => {
          const rows = await tx
            .insert(customers)
            .values(
              page.map((c) => ({
                businessId: run.businessId,
                name: c.name,
                source: "fake_crm",
                externalId: c.id,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: customers.id });
          return rows.length;
        });
        fetched += page.length;
        await run.progress({ fetched, created });
      }
      return { fetched, created };
    },
    ...(opts.every ? { syncEveryMinutes: opts.every } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}
