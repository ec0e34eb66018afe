/**
 * Sales: the default pipeline and its stages, contacts at customers, ~80 leads, ~40 deals (won deals are the
 * wholesale accounts opened this year, linked to their customer, contact and first invoice) and activities.
 */
import { activities, contacts, deals, leads, pipelineStages, pipelines } from "../schema/sales.js";
import { at, type Day, iso, kebab, type NewRow, type SeedContext } from "./context.js";
import type { ContactRef, DealRef, World } from "./world.js";

const STAGES = [
  { name: "Lead", bp: 1000, kind: "open" },
  { name: "Qualified", bp: 2500, kind: "open" },
  { name: "Proposal", bp: 5000, kind: "open" },
  { name: "Negotiation", bp: 7500, kind: "open" },
  { name: "Won", bp: 10000, kind: "won" },
  { name: "Lost", bp: 0, kind: "lost" },
] as const;

const LOST_REASONS = [
  "Went with a cheaper roaster",
  "Price per pound too high",
  "Needed equipment we could not lend",
  "Closed their café",
  "No response after proposal",
  "Chose to roast in house",
];

export async function seedSales(ctx: SeedContext, world: World): Promise<void> {
  const { faker, rng, today, start } = ctx;
  const pipelineId = ctx.id("pip");
  await ctx.insert(
    pipelines,
    [
      {
        id: pipelineId,
        name: "Wholesale accounts",
        description: "New cafés, restaurants, grocers and offices buying our coffee.",
        isDefault: true,
        createdAt: at(start - 300),
      },
    ],
    "pipeline",
  );
  const stageIds = STAGES.map(() => ctx.id("stg"));
  await ctx.insert(
    pipelineStages,
    STAGES.map((s, i) => ({
      id: stageIds[i]!,
      pipelineId,
      name: s.name,
      position: i,
      probabilityBp: s.bp,
      kind: s.kind,
      createdAt: at(start - 300),
    })),
    "pipeline stages",
  );

  // Contacts: the buyer at every customer, a second person at some.
  const contactRows: NewRow<typeof contacts>[] = [];
  const owners = [ctx.users.owner.id, ctx.users.manager.id];
  const addContact = (
    first: string,
    last: string,
    domain: string,
    customerId: string | null,
    title: string,
    since: Day,
  ): ContactRef => {
    const email = `${kebab(first)}.${kebab(last)}@${domain}`;
    const ref: ContactRef = { id: ctx.id("ctc"), name: `${first} ${last}`, email, customerId };
    world.contacts.push(ref);
    contactRows.push({
      id: ref.id,
      firstName: first,
      lastName: last,
      email,
      phone: faker.phone.number({ style: "national" }),
      title,
      customerId,
      ownerUserId: rng.pick(owners),
      lastContactedAt: at(Math.max(since, today - rng.int(1, 60)), 15),
      createdAt: at(since, 12),
    });
    if (customerId)
      world.links.push({
        fromId: ref.id,
        fromType: "contact",
        toId: customerId,
        toType: "customer",
        kind: "works_at",
      });
    return ref;
  };
  const primary = new Map<string, ContactRef>();
  for (const c of world.customers) {
    const domain = c.email.split("@")[1]!;
    primary.set(
      c.id,
      addContact(
        c.contactFirst,
        c.contactLast,
        domain,
        c.id,
        c.kind === "grocery"
          ? "Coffee & tea buyer"
          : c.kind === "office"
            ? "Facilities manager"
            : "Owner / GM",
        c.sinceDay,
      ),
    );
    if (rng.chance(0.4))
      addContact(
        faker.person.firstName(),
        faker.person.lastName(),
        domain,
        c.id,
        rng.pick(["Head barista", "Bar manager", "Accounts payable", "Chef"]),
        c.sinceDay + 30,
      );
  }

  // Leads: prospects at various stages; the converted ones became this year's new customers.
  const newCustomers = world.customers.filter((c) => c.sinceDay > start && c.kind !== "event");
  const leadRows: NewRow<typeof leads>[] = [];
  const leadIds = new Map<string, string>();
  const statuses = ["new", "contacted", "qualified", "unqualified"] as const;
  const total = Math.max(80, newCustomers.length + 20);
  for (let i = 0; i < total; i++) {
    const conv = newCustomers[i];
    const first = conv?.contactFirst ?? faker.person.firstName();
    const last = conv?.contactLast ?? faker.person.lastName();
    const company =
      conv?.name ??
      `${faker.location.street()} ${rng.pick(["Café", "Kitchen", "Bakery", "Market", "Coffee Bar", "Hotel"])}`;
    const status = conv ? "converted" : statuses[i % 4]!;
    const created = conv ? conv.sinceDay - rng.int(20, 60) : today - rng.int(1, 380);
    const id = ctx.id("lea");
    if (conv) leadIds.set(conv.id, id);
    leadRows.push({
      id,
      name: `${first} ${last}`,
      company,
      email: `${kebab(first)}@${kebab(company).slice(0, 30)}.example`,
      phone: faker.phone.number({ style: "national" }),
      sourceChannel: rng.pick(["web", "referral", "event", "outbound", "social", "ads"] as const),
      status,
      score: status === "unqualified" ? rng.int(5, 30) : status === "new" ? rng.int(20, 60) : rng.int(50, 95),
      estimatedValueMinor: rng.int(30, 250) * 10_000,
      ownerUserId: rng.pick(owners),
      lastContactedAt: status === "new" ? null : at(Math.min(today - 1, created + rng.int(1, 20)), 14),
      convertedContactId: conv ? primary.get(conv.id)!.id : null,
      convertedAt: conv ? at(conv.sinceDay - 3, 16) : null,
      notes:
        status === "unqualified"
          ? "Volume too small for wholesale; pointed to the retail subscription."
          : null,
      createdAt: at(Math.max(start - 60, created), 10),
    });
  }
  await ctx.insert(contacts, contactRows, "contacts");
  await ctx.insert(leads, leadRows, "leads");

  // Deals: won = this year's new accounts (plus upsells), lost prospects, and an open pipeline ahead.
  const dealRows: NewRow<typeof deals>[] = [];
  const add = (d: DealRef, stage: number, created: Day, extra: Partial<NewRow<typeof deals>>) => {
    world.deals.push(d);
    dealRows.push({
      id: d.id,
      name: d.name,
      customerId: d.customerId,
      contactId: d.contactId,
      pipelineId,
      stageId: stageIds[stage]!,
      amountMinor: d.amount,
      status: d.status,
      closedOn: d.closedDay !== undefined ? iso(d.closedDay) : null,
      ownerUserId: rng.pick(owners),
      createdAt: at(created, 11),
      updatedAt: at(d.closedDay ?? Math.min(today, created + 20), 16),
      ...extra,
    });
  };
  const won = [...newCustomers];
  const upsell = world.customers.filter((c) => c.sinceDay < start && c.kind !== "event");
  while (won.length < 14 && upsell.length > 0) won.push(upsell.splice(rng.int(0, upsell.length - 1), 1)[0]!);
  for (const c of won) {
    const isNew = c.sinceDay > start;
    const closed = isNew ? c.sinceDay - rng.int(1, 5) : today - rng.int(20, 330);
    const d: DealRef = {
      id: ctx.id("dea"),
      name: `${isNew ? "Wholesale" : "Expansion"} – ${c.name}`,
      status: "won",
      customerId: c.id,
      contactId: primary.get(c.id)!.id,
      closedDay: closed,
      amount: rng.int(60, 300) * 10_000,
    };
    add(d, 4, closed - rng.int(15, 50), {
      leadId: leadIds.get(c.id) ?? null,
      expectedCloseOn: iso(closed),
      notes: isNew ? "Signed after a cupping at the roastery." : "Added decaf and retail bags.",
    });
  }
  for (let i = 0; i < 10; i++) {
    const closed = today - rng.int(5, 360);
    const d: DealRef = {
      id: ctx.id("dea"),
      name: `Wholesale – ${faker.location.street()} ${rng.pick(["Café", "Bistro", "Hotel", "Market"])}`,
      status: "lost",
      customerId: null,
      contactId: null,
      closedDay: closed,
      amount: rng.int(40, 200) * 10_000,
    };
    add(d, 5, closed - rng.int(10, 60), { lostReason: rng.pick(LOST_REASONS), probabilityBp: 0 });
  }
  const prospects = leadRows.filter((l) => l.status === "qualified" || l.status === "contacted");
  for (let i = 0; i < 16; i++) {
    const stage = i % 4;
    const existing = i % 5 === 4 ? rng.pick(world.customers) : null;
    const lead = existing ? null : prospects[i % Math.max(1, prospects.length)];
    const name = existing
      ? `Upsell – ${existing.name} (retail shelf)`
      : `Wholesale – ${lead?.company ?? faker.company.name()}`;
    const d: DealRef = {
      id: ctx.id("dea"),
      name,
      status: "open",
      customerId: existing?.id ?? null,
      contactId: existing ? primary.get(existing.id)!.id : null,
      amount: rng.int(40, 400) * 10_000,
    };
    add(d, stage, today - rng.int(3, 70), {
      leadId: lead?.id ?? null,
      expectedCloseOn: iso(today + 5 + stage * 6 + rng.int(0, 60)),
      notes: stage === 3 ? "Waiting on their owner to sign; equipment loan is the sticking point." : null,
    });
  }
  // Coastal Foods: the big private-label opportunity behind the NDA.
  add(
    {
      id: ctx.id("dea"),
      name: "Private label – Coastal Foods Markets (12 stores)",
      status: "open",
      customerId: null,
      contactId: null,
      amount: 4_800_000,
    },
    2,
    today - 48,
    {
      expectedCloseOn: iso(today + 35),
      probabilityBp: 4000,
      notes: "NDA signed; samples approved; pricing proposal sent.",
    },
  );
  world.named.set("deal.bigOpen", world.deals[world.deals.length - 1]!.id);
  await ctx.insert(deals, dealRows, "deals");

  for (const d of world.deals) {
    if (d.customerId)
      world.links.push({
        fromId: d.id,
        fromType: "deal",
        toId: d.customerId,
        toType: "customer",
        kind: "for",
      });
    if (d.contactId)
      world.links.push({
        fromId: d.id,
        fromType: "deal",
        toId: d.contactId,
        toType: "contact",
        kind: "with",
      });
    if (d.status === "won") {
      const inv = world.invoices.find(
        (i) => i.customerId === d.customerId && i.issueDay >= d.closedDay! && i.status !== "draft",
      );
      if (inv)
        world.links.push({
          fromId: inv.id,
          fromType: "invoice",
          toId: d.id,
          toType: "deal",
          kind: "billed_by",
        });
    }
  }
  await seedActivities(ctx, dealRows, leadRows);
}

async function seedActivities(
  ctx: SeedContext,
  dealRows: NewRow<typeof deals>[],
  leadRows: NewRow<typeof leads>[],
): Promise<void> {
  const { rng, today } = ctx;
  const rows: NewRow<typeof activities>[] = [];
  const subjects = {
    call: ["Intro call", "Follow-up on samples", "Pricing questions", "Check-in on first delivery"],
    email: ["Sent price list", "Shared cupping notes", "Proposal sent", "Sent contract for signature"],
    meeting: [
      "Cupping at the roastery",
      "Site visit – bar setup",
      "Tasting with their chef",
      "Contract review",
    ],
    note: ["Owner prefers medium roasts", "Needs oat milk recommendations"],
  } as const;
  const kinds = ["call", "email", "meeting", "email", "call", "note"] as const;
  for (const d of dealRows) {
    const from = (d.createdAt as Date).getTime() / 86_400_000;
    const to = d.closedOn ? Date.parse(`${d.closedOn}T00:00:00Z`) / 86_400_000 : today;
    const n = rng.int(2, 6);
    for (let i = 0; i < n; i++) {
      const kind = kinds[(i + rng.int(0, 5)) % kinds.length]!;
      const day = Math.floor(from + ((to - from) * (i + 1)) / (n + 1));
      rows.push({
        id: ctx.id("acv"),
        kind,
        subject: rng.pick(subjects[kind]),
        body: kind === "note" ? null : `Re ${d.name}.`,
        occurredAt: at(Math.min(day, today), rng.int(9, 17), rng.int(0, 59)),
        durationMinutes: kind === "meeting" ? 45 : kind === "call" ? rng.int(5, 30) : null,
        direction: kind === "note" ? "internal" : rng.chance(0.7) ? "outbound" : "inbound",
        dealId: d.id!,
        contactId: d.contactId ?? null,
        customerId: d.customerId ?? null,
        userId: d.ownerUserId ?? null,
        createdAt: at(Math.min(day, today), 18),
      });
    }
  }
  for (const l of leadRows.slice(0, 40)) {
    if (l.status === "new") continue;
    const day = Math.min(today - 1, (l.createdAt as Date).getTime() / 86_400_000 + rng.int(1, 10));
    rows.push({
      id: ctx.id("acv"),
      kind: "call",
      subject: "Discovery call",
      body: `${l.company}: current roaster, weekly volume, equipment.`,
      occurredAt: at(Math.floor(day), 11),
      durationMinutes: rng.int(10, 25),
      direction: "outbound",
      leadId: l.id!,
      userId: l.ownerUserId ?? null,
      createdAt: at(Math.floor(day), 12),
    });
  }
  await ctx.insert(activities, rows, "activities");
}
