/** Identity & legal: the LLC and its DBA, and licenses and permits (one expiring within 14 days, one expired). */
import { legalEntities, licensesPermits } from "../schema/legal.js";
import { at, type Day, iso, type SeedContext } from "./context.js";
import type { World } from "./world.js";

export async function seedLegal(ctx: SeedContext, world: World): Promise<void> {
  const { today, start, faker, name } = ctx;
  const llc = ctx.id("lge");
  const dba = ctx.id("lge");
  world.named.set("entity.llc", llc);
  world.named.set("entity.dba", dba);
  const legalName = `${name.replace(/\.$/, "")} LLC`;
  await ctx.insert(
    legalEntities,
    [
      {
        id: llc,
        name: legalName,
        kind: "llc",
        jurisdiction: "US-CA",
        registrationNumber: `2019${faker.string.numeric(8)}`,
        taxId: `${faker.string.numeric(2)}-${faker.string.numeric(7)}`,
        formedOn: iso(today - 2450),
        registeredAgent: "Northstar Registered Agents Inc.",
        status: "active",
        address: "212 Harbor St, Harbor Bay, CA 94000",
        notes: "Single-member LLC taxed as an S corporation since year two.",
        createdAt: at(start - 30),
      },
      {
        id: dba,
        name: "Harbor & Pine Roasters",
        kind: "dba",
        jurisdiction: "Harbor Bay County",
        registrationNumber: `FBN-${faker.string.numeric(6)}`,
        formedOn: iso(today - 1900),
        status: "active",
        address: "14 Dockside Way, Harbor Bay, CA 94000",
        parentId: llc,
        notes: "Fictitious business name used for wholesale and the roastery.",
        createdAt: at(start - 30),
      },
    ],
    "legal entities",
  );

  type Kind = NonNullable<(typeof licensesPermits.$inferInsert)["kind"]>;
  const lic: [string, Kind, string, Day | null, Day | null, number | null, string | null, string?][] = [
    [
      "City business license",
      "business_license",
      "City of Harbor Bay – Finance Department",
      today - 300,
      endOfYear(today),
      42_500,
      null,
    ],
    [
      "Retail food facility permit (café)",
      "permit",
      "County Department of Environmental Health",
      today - 356,
      today + 9,
      78_000,
      "permit",
      "Renewal needs the annual fee and a passed inspection; inspection not yet booked.",
    ],
    [
      "Seller's permit (sales and use tax)",
      "registration",
      "State Department of Tax and Fee Administration",
      today - 2400,
      null,
      null,
      null,
    ],
    [
      "Processed food registration (roastery)",
      "registration",
      "State Department of Public Health – Food and Drug Branch",
      today - 165,
      today + 200,
      61_000,
      null,
    ],
    [
      "Permit to operate – coffee roaster and afterburner",
      "permit",
      "Bay Area Air Quality District",
      today - 245,
      today + 120,
      54_800,
      null,
    ],
    [
      "Fire operational permit (roastery, gas appliances)",
      "permit",
      "Harbor Bay Fire Department",
      today - 305,
      today + 60,
      18_500,
      null,
    ],
    [
      "Sidewalk café seating permit",
      "permit",
      "City of Harbor Bay – Public Works",
      today - 385,
      today - 20,
      35_000,
      null,
      "Expired; renewal application started but not submitted.",
    ],
    [
      "Certified Food Protection Manager (GM)",
      "certification",
      "ServSafe / National Restaurant Association",
      today - 400,
      today + 695,
      18_000,
      null,
    ],
    [
      "Sign permit – 212 Harbor St",
      "permit",
      "City of Harbor Bay – Planning",
      today - 1200,
      null,
      null,
      null,
    ],
  ];
  await ctx.insert(
    licensesPermits,
    lic.map(([title, kind, issuer, issued, expires, cost, file, notes], i) => {
      const id = ctx.id("lic");
      if (i === 1) world.named.set("license.expiring", id);
      if (i === 6) world.named.set("license.expired", id);
      return {
        id,
        name: title,
        kind,
        issuer,
        number: `${kind.slice(0, 3).toUpperCase()}-${faker.string.numeric(7)}`,
        issuedOn: issued !== null ? iso(issued) : null,
        expiresOn: expires !== null ? iso(expires) : null,
        status: expires !== null && expires < today ? "expired" : "active",
        renewalCostMinor: cost,
        legalEntityId: i === 3 || i === 4 || i === 5 ? dba : llc,
        fileId: file ? world.named.get(`file.${file}`)! : null,
        notes: notes ?? null,
        createdAt: at(Math.max(issued ?? start, start - 400), 10),
      };
    }),
    "licenses",
  );
}

function endOfYear(day: Day): Day {
  const y = new Date(day * 86_400_000).getUTCFullYear();
  return Math.floor(Date.UTC(y, 11, 31) / 86_400_000);
}
