/** Tags with taggings on customers, deals, invoices and tickets, and the links between records. */
import { links, taggings, tags } from "../schema/core.js";
import { at, type SeedContext } from "./context.js";
import { named, type World } from "./world.js";

const TAGS: [string, string][] = [
  ["wholesale", "#2563eb"],
  ["vip", "#7c3aed"],
  ["at-risk", "#dc2626"],
  ["urgent", "#ea580c"],
  ["follow-up", "#ca8a04"],
  ["new-account", "#16a34a"],
  ["seasonal", "#0891b2"],
  ["private-label", "#9333ea"],
];

export async function seedTagsAndLinks(ctx: SeedContext, world: World): Promise<void> {
  const tagIds = new Map(TAGS.map(([name]) => [name, ctx.id("tag")]));
  await ctx.insert(
    tags,
    TAGS.map(([name, color]) => ({ id: tagIds.get(name)!, name, color, createdAt: at(ctx.start - 10) })),
    "tags",
  );
  const t = world.tagged;
  for (const c of world.customers)
    for (const tag of c.tags) t.push({ tag, recordId: c.id, recordType: "customer" });
  for (const d of world.deals) {
    if (
      d.status === "won" &&
      d.customerId &&
      world.customers.find((c) => c.id === d.customerId)!.sinceDay > ctx.start
    )
      t.push({ tag: "new-account", recordId: d.id, recordType: "deal" });
    if (d.status !== "lost") t.push({ tag: "wholesale", recordId: d.id, recordType: "deal" });
  }
  t.push({ tag: "private-label", recordId: named(world, "deal.bigOpen"), recordType: "deal" });
  t.push({ tag: "vip", recordId: named(world, "deal.bigOpen"), recordType: "deal" });
  const atRisk = world.named.get("customer.atRisk");
  for (const inv of world.invoices) {
    if (inv.status === "overdue") t.push({ tag: "follow-up", recordId: inv.id, recordType: "invoice" });
    if (inv.status === "overdue" && inv.customerId === atRisk)
      t.push({ tag: "at-risk", recordId: inv.id, recordType: "invoice" });
  }
  for (const tk of world.tickets)
    if (tk.priority === "urgent" && tk.status !== "closed")
      t.push({ tag: "urgent", recordId: tk.id, recordType: "ticket" });
  t.push({ tag: "seasonal", recordId: named(world, "campaign.loyalty"), recordType: "campaign" });
  const seenTag = new Set<string>();
  await ctx.insert(
    taggings,
    t
      .filter((x) => {
        const k = `${x.tag}:${x.recordId}`;
        if (seenTag.has(k)) return false;
        seenTag.add(k);
        return true;
      })
      .map((x) => ({
        id: ctx.id("tgg"),
        tagId: tagIds.get(x.tag)!,
        recordId: x.recordId,
        recordType: x.recordType,
      })),
    "taggings",
  );

  for (const b of world.bills)
    if (b.poId)
      world.links.push({
        fromId: b.poId,
        fromType: "purchase_order",
        toId: b.id,
        toType: "bill",
        kind: "billed_by",
      });
  world.links.push({
    fromId: named(world, "license.expiring"),
    fromType: "license",
    toId: named(world, "file.permit"),
    toType: "file",
    kind: "document",
  });
  const seenLink = new Set<string>();
  await ctx.insert(
    links,
    world.links
      .filter((l) => {
        const k = `${l.fromId}>${l.toId}:${l.kind}`;
        if (seenLink.has(k) || l.fromId === l.toId) return false;
        seenLink.add(k);
        return true;
      })
      .map((l) => ({ id: ctx.id("lnk"), ...l, note: l.note ?? null })),
    "links",
  );
}
