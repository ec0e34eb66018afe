/**
 * Contracts (leases, supply, wholesale, service; one auto-renewing within 30 days, its notice date passed)
 * and internal policies, with the signed documents attached where there is one.
 */
import { contracts, policies } from "../schema/legal.js";
import { at, dayOf, iso, type NewRow, type SeedContext } from "./context.js";
import { documentSpecs } from "./documents.js";
import { named, type World } from "./world.js";

export async function seedContracts(ctx: SeedContext, world: World): Promise<void> {
  const { today, start } = ctx;
  const llc = named(world, "entity.llc");
  const dba = named(world, "entity.dba");
  const docs = new Map(documentSpecs(ctx, world).map((d) => [d.key, d]));
  const body = (key: string) => docs.get(key)!.paragraphs.join("\n\n");
  const leaseStart = docs.get("lease")!.day + 30;
  const supplyStart = docs.get("supply")!.day;
  const v = (k: Parameters<typeof world.vendors.get>[0]) => world.vendors.get(k)!;
  const vip = world.customers.find((c) => c.id === world.named.get("customer.vip"))!;
  const grocery = world.customers.find((c) => c.kind === "grocery") ?? vip;
  const office = world.customers.find((c) => c.kind === "office") ?? vip;
  const event = world.customers.find((c) => c.kind === "event") ?? vip;
  const roaster = world.employees.find((e) => e.title === "Head Roaster")!;
  type C = NewRow<typeof contracts>;
  const list: (C & { key: string })[] = [
    {
      key: "lease",
      title: "Café lease – 212 Harbor St",
      kind: "lease",
      counterparty: v("landlord").name,
      vendorId: v("landlord").id,
      startsOn: iso(leaseStart),
      endsOn: iso(leaseStart + 5 * 365),
      renewal: "manual",
      noticeDays: 180,
      valueMinor: 820_000 * 60,
      status: "active",
      fileId: world.named.get("file.lease")!,
      summary:
        "Five-year café lease, $8,200/month plus 11.4% CAM, 3% annual increase, one 5-year renewal option.",
      body: body("lease"),
    },
    {
      key: "lease2",
      title: "Roastery lease – 14 Dockside Way",
      kind: "lease",
      counterparty: v("landlord").name,
      vendorId: v("landlord").id,
      startsOn: iso(today - 1900),
      endsOn: iso(today - 1900 + 7 * 365),
      renewal: "manual",
      noticeDays: 180,
      valueMinor: 160_000 * 84,
      status: "active",
      summary: "Light-industrial unit for the roastery, $1,600/month, seven years.",
    },
    {
      key: "supply",
      title: `Green coffee supply agreement – ${v("green").name}`,
      kind: "vendor",
      counterparty: v("green").name,
      vendorId: v("green").id,
      startsOn: iso(supplyStart),
      endsOn: iso(today + 21),
      renewal: "auto",
      noticeDays: 30,
      valueMinor: 22_000_000,
      status: "active",
      fileId: world.named.get("file.supply")!,
      summary:
        "Annual green coffee supply, 38,000 lb minimum; renews automatically unless notice is given 30 days before the end (that date has passed).",
      body: body("supply"),
    },
    {
      key: "wholesale",
      title: `Wholesale agreement – ${vip.name}`,
      kind: "client",
      counterparty: vip.name,
      customerId: vip.id,
      startsOn: iso(start + 40),
      endsOn: iso(start + 40 + 730),
      renewal: "manual",
      noticeDays: 60,
      valueMinor: 9_600_000,
      status: "active",
      fileId: world.named.get("file.wholesale")!,
      summary: "Two-year wholesale supply with equipment loan; ≥ 40 lb/week.",
      body: body("wholesale"),
    },
    {
      key: "grocery",
      title: `Retail supply agreement – ${grocery.name}`,
      kind: "client",
      counterparty: grocery.name,
      customerId: grocery.id,
      startsOn: iso(today - 270),
      endsOn: iso(today + 95),
      renewal: "auto",
      noticeDays: 45,
      valueMinor: 4_800_000,
      status: "active",
      summary: "12 oz retail bags on four shelves plus a bulk bin; net 45; annual auto-renewal.",
    },
    {
      key: "service",
      title: `Espresso equipment service agreement – ${v("service").name}`,
      kind: "vendor",
      counterparty: v("service").name,
      vendorId: v("service").id,
      startsOn: iso(today - 215),
      endsOn: iso(today + 150),
      renewal: "auto",
      noticeDays: 30,
      valueMinor: 480_000,
      status: "active",
      summary: "Quarterly preventive service for espresso machines and grinders; 4-hour emergency response.",
    },
    {
      key: "roaster",
      title: `Roaster maintenance contract – ${v("roasterco").name}`,
      kind: "vendor",
      counterparty: v("roasterco").name,
      vendorId: v("roasterco").id,
      startsOn: iso(today - 125),
      endsOn: iso(today + 240),
      renewal: "manual",
      noticeDays: 30,
      valueMinor: 360_000,
      status: "active",
      summary: "Quarterly roaster and afterburner service; parts billed separately.",
    },
    {
      key: "bakery",
      title: `Pastry supply – ${v("bakery").name}`,
      kind: "vendor",
      counterparty: v("bakery").name,
      vendorId: v("bakery").id,
      startsOn: iso(today - 500),
      endsOn: iso(today + 230),
      renewal: "none",
      noticeDays: 14,
      valueMinor: 6_000_000,
      status: "active",
      summary: "Daily pastry delivery by 6:00, billed weekly, net 15.",
    },
    {
      key: "nda",
      title: "Mutual NDA – Coastal Foods Markets",
      kind: "nda",
      counterparty: "Coastal Foods Markets (regional grocery chain)",
      startsOn: iso(today - 48),
      endsOn: iso(today - 48 + 730),
      renewal: "none",
      status: "active",
      summary: "Mutual NDA for the private-label coffee discussions.",
    },
    {
      key: "employment",
      title: `Employment agreement – ${roaster.firstName} ${roaster.lastName} (Head Roaster)`,
      kind: "employment",
      counterparty: `${roaster.firstName} ${roaster.lastName}`,
      startsOn: iso(today - 1900),
      renewal: "none",
      status: "active",
      summary: "At-will employment, salary and equipment-use terms for the head roaster.",
    },
    {
      key: "event",
      title: `Event coffee service – ${event.name}`,
      kind: "client",
      counterparty: event.name,
      customerId: event.id,
      startsOn: iso(start + 70),
      endsOn: iso(start + 100),
      renewal: "none",
      valueMinor: 450_000,
      status: "expired",
      summary: "Staffed espresso bar for the weekend event.",
    },
    {
      key: "office",
      title: `Office pantry subscription – ${office.name}`,
      kind: "client",
      counterparty: office.name,
      customerId: office.id,
      startsOn: iso(today + 7),
      endsOn: iso(today + 372),
      renewal: "auto",
      noticeDays: 30,
      valueMinor: 1_250_000,
      status: "draft",
      summary: "Draft: bi-weekly delivery of 4 × 5 lb bags with brewer loan.",
    },
  ];
  await ctx.insert(
    contracts,
    list.map(({ key, ...c }) => {
      const id = ctx.id("con");
      world.named.set(`contract.${key}`, id);
      if (c.vendorId)
        world.links.push({
          fromId: id,
          fromType: "contract",
          toId: c.vendorId,
          toType: "vendor",
          kind: "with",
        });
      if (c.customerId)
        world.links.push({
          fromId: id,
          fromType: "contract",
          toId: c.customerId,
          toType: "customer",
          kind: "with",
        });
      if (key === "employment")
        world.links.push({
          fromId: id,
          fromType: "contract",
          toId: roaster.id,
          toType: "employee",
          kind: "with",
        });
      const signed = c.startsOn ? Math.min(today, dayOf(c.startsOn) - 10) : today;
      return {
        ...c,
        id,
        legalEntityId: key === "roaster" || key === "supply" ? dba : llc,
        signedOn: c.status === "draft" ? null : iso(signed),
        ownerUserId: key === "grocery" || key === "wholesale" ? ctx.users.manager.id : ctx.users.owner.id,
        createdAt: at(signed, 13),
      };
    }),
    "contracts",
  );

  type P = NewRow<typeof policies>;
  const pol: (P & { key: string })[] = [
    {
      key: "handbook",
      title: "Employee handbook",
      kind: "handbook",
      version: "2025.1",
      effectiveOn: iso(start + 10),
      reviewOn: iso(today + 45),
      status: "active",
      fileId: world.named.get("file.handbook")!,
      summary: "Scheduling, pay, time off, conduct and safety for all staff.",
      body: body("handbook"),
    },
    {
      key: "foodsafety",
      title: "Food safety and allergen policy",
      kind: "compliance",
      version: "3.0",
      effectiveOn: iso(start + 60),
      reviewOn: iso(today + 120),
      status: "active",
      fileId: world.named.get("file.foodsafety")!,
      summary: "Cold holding, date marking, allergen separation, cleaning schedule.",
      body: body("foodsafety"),
    },
    {
      key: "privacy",
      title: "Privacy policy",
      kind: "privacy",
      version: "1.2",
      effectiveOn: iso(start + 90),
      reviewOn: iso(today - 10),
      status: "active",
      fileId: world.named.get("file.privacy")!,
      summary: "Data collected by the shop, loyalty app and wholesale portal; retention and requests.",
      body: body("privacy"),
    },
    {
      key: "security",
      title: "Information security basics",
      kind: "security",
      version: "1.0",
      effectiveOn: iso(today - 200),
      reviewOn: iso(today + 165),
      status: "active",
      summary: "Password manager for shared accounts, 2FA on bank, POS and email, laptop disk encryption.",
      body: "All shared logins live in the password manager. Two-factor authentication is required on the bank, payroll, POS and email. Laptops use full-disk encryption and lock after 5 minutes. Report lost devices to the owner within one hour.",
    },
    {
      key: "safety",
      title: "Roastery workplace safety",
      kind: "safety",
      version: "2.1",
      effectiveOn: iso(today - 320),
      reviewOn: iso(today + 45),
      status: "active",
      summary: "PPE, lifting, gas safety and the roaster fire procedure.",
      body: "Closed-toe shoes and heat gloves at the roaster. Lift green bags (66 kg) with two people or the hand truck. Gas is shut off at the main valve at the end of each roasting day. Everyone on the roastery floor knows the roaster fire procedure.",
    },
    {
      key: "refunds",
      title: "Refunds and returns",
      kind: "other",
      version: "1.1",
      effectiveOn: iso(start + 5),
      reviewOn: iso(today + 200),
      status: "active",
      summary:
        "Remakes for any drink; retail beans returnable within 14 days; wholesale credits for damaged bags.",
      body: "Any drink is remade on request. Unopened retail bags can be returned within 14 days. Wholesale customers receive a credit note for bags damaged in delivery if reported within 48 hours.",
    },
    {
      key: "oldhandbook",
      title: "Employee handbook (2023)",
      kind: "handbook",
      version: "2023.2",
      effectiveOn: iso(start - 500),
      status: "retired",
      summary: "Superseded by the 2025 handbook.",
      body: "Superseded.",
    },
    {
      key: "remote",
      title: "Hybrid work for office staff",
      kind: "handbook",
      version: "0.2",
      status: "draft",
      summary: "Draft: two home days a week for bookkeeping and sales.",
      body: "Draft under discussion.",
    },
  ];
  await ctx.insert(
    policies,
    pol.map(({ key, ...p }, i) => {
      const id = ctx.id("pol");
      world.named.set(`policy.${key}`, id);
      return {
        ...p,
        id,
        ownerUserId: i % 2 ? ctx.users.manager.id : ctx.users.owner.id,
        createdAt: at(p.effectiveOn ? dayOf(p.effectiveOn) - 7 : today - 12, 10),
      };
    }),
    "policies",
  );
}
