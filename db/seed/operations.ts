/** Operations: equipment and its maintenance history (one service overdue, one big repair) and the bills for it. */
import { equipment, maintenanceEvents } from "../schema/operations.js";
import type { VendorKey } from "./catalog.js";
import { at, type Day, iso, type NewRow, type SeedContext } from "./context.js";
import type { BillPlan } from "./purchasing.js";
import type { World } from "./world.js";

interface Machine {
  key: string;
  name: string;
  kind: string;
  location: string;
  vendor: VendorKey | null;
  cost: number;
  ageDays: number;
  interval: number;
  service: number;
  status?: "retired";
}

const MACHINES: Machine[] = [
  {
    key: "espresso",
    name: "La Marzocco Linea PB (3 group)",
    kind: "espresso machine",
    location: "Café – main bar",
    vendor: "service",
    cost: 2_150_000,
    ageDays: 1400,
    interval: 90,
    service: 38_000,
  },
  {
    key: "espresso2",
    name: "La Marzocco Linea Mini",
    kind: "espresso machine",
    location: "Roastery – tasting bar",
    vendor: "service",
    cost: 590_000,
    ageDays: 900,
    interval: 180,
    service: 22_000,
  },
  {
    key: "roaster",
    name: "Diedrich IR-12 coffee roaster",
    kind: "roaster",
    location: "Roastery",
    vendor: "roasterco",
    cost: 4_800_000,
    ageDays: 2100,
    interval: 90,
    service: 45_000,
  },
  {
    key: "afterburner",
    name: "Roaster afterburner (emissions control)",
    kind: "roaster",
    location: "Roastery",
    vendor: "roasterco",
    cost: 1_250_000,
    ageDays: 2100,
    interval: 180,
    service: 32_000,
  },
  {
    key: "grinder1",
    name: "Mazzer Robur S grinder #1",
    kind: "grinder",
    location: "Café – main bar",
    vendor: "service",
    cost: 320_000,
    ageDays: 1200,
    interval: 120,
    service: 14_000,
  },
  {
    key: "grinder2",
    name: "Mazzer Robur S grinder #2",
    kind: "grinder",
    location: "Café – main bar",
    vendor: "service",
    cost: 320_000,
    ageDays: 500,
    interval: 120,
    service: 14_000,
  },
  {
    key: "ek43",
    name: "Mahlkönig EK43 grinder",
    kind: "grinder",
    location: "Roastery – retail grinding",
    vendor: "service",
    cost: 295_000,
    ageDays: 800,
    interval: 180,
    service: 12_000,
  },
  {
    key: "ice",
    name: "Hoshizaki KM-515 ice machine",
    kind: "refrigeration",
    location: "Café – back of house",
    vendor: "service",
    cost: 480_000,
    ageDays: 1000,
    interval: 180,
    service: 26_000,
  },
  {
    key: "fridge",
    name: "True T-49 reach-in refrigerator",
    kind: "refrigeration",
    location: "Café – back of house",
    vendor: "service",
    cost: 410_000,
    ageDays: 1300,
    interval: 365,
    service: 18_000,
  },
  {
    key: "brewer",
    name: "Fetco CBS-2152 batch brewer",
    kind: "brewer",
    location: "Café – main bar",
    vendor: "service",
    cost: 260_000,
    ageDays: 700,
    interval: 180,
    service: 11_000,
  },
  {
    key: "van",
    name: "Ford Transit Connect delivery van",
    kind: "vehicle",
    location: "Roastery lot",
    vendor: null,
    cost: 3_100_000,
    ageDays: 1500,
    interval: 120,
    service: 9_500,
  },
  {
    key: "oldgrinder",
    name: "Baratza Forte grinder (retired)",
    kind: "grinder",
    location: "Storage",
    vendor: null,
    cost: 90_000,
    ageDays: 2600,
    interval: 180,
    service: 0,
    status: "retired",
  },
];

export async function seedEquipment(ctx: SeedContext, world: World, plans: BillPlan[]): Promise<void> {
  const { today, start, faker } = ctx;
  const eqRows: NewRow<typeof equipment>[] = [];
  const evRows: NewRow<typeof maintenanceEvents>[] = [];
  for (const m of MACHINES) {
    const id = ctx.id("eqp");
    world.named.set(`equipment.${m.key}`, id);
    const vendorId = m.vendor ? world.vendors.get(m.vendor)!.id : null;
    const event = (
      kind: "preventive" | "repair" | "inspection",
      day: Day,
      done: boolean,
      cost: number | null,
      notes: string,
    ) => {
      evRows.push({
        id: ctx.id("mnt"),
        equipmentId: id,
        kind,
        scheduledOn: iso(day),
        performedOn: done ? iso(day) : null,
        costMinor: cost,
        vendorId,
        status: done ? "done" : "scheduled",
        notes,
        createdAt: at(day - 14, 10),
        updatedAt: at(done ? day : day - 14, 16),
      });
      if (done && cost && m.vendor) {
        plans.push({
          vendor: m.vendor,
          issueDay: day,
          lines: [
            {
              description: `${kind === "repair" ? "Repair" : "Service"} labour – ${m.name}`,
              category: "equipment",
              qty: 1,
              unit: Math.round(cost * 0.6),
            },
            {
              description: "Parts and consumables",
              category: "equipment",
              qty: 1,
              unit: cost - Math.round(cost * 0.6),
              taxBp: 875,
            },
          ],
        });
      } else if (done && cost) {
        world.ledger.push({
          day,
          account: "card",
          amount: -cost,
          description: `Service – ${m.name}`,
          counterparty: "QuickLane Auto Service",
          category: "equipment",
        });
      }
    };
    let last: Day | null = null;
    if (m.status !== "retired") {
      // Preventive services every interval, phased so the machines don't all come due together.
      const overdue = m.key === "ice";
      // The ice machine's service fell due 12 days ago and never happened.
      const due = today - 12;
      let day = overdue
        ? due - m.interval * Math.ceil((due - start) / m.interval)
        : start - Math.floor(m.interval * ((m.key.length % 5) / 5)) + 3;
      while (day + m.interval <= (overdue ? due - m.interval : today)) {
        day += m.interval;
        if (day < start) continue;
        const cost = Math.round(m.service * ctx.rng.jitter(0.15));
        event(
          m.kind === "roaster" && m.key === "afterburner" ? "inspection" : "preventive",
          day,
          true,
          cost,
          serviceNote(m, faker.person.firstName()),
        );
        last = day;
      }
      const next = (last ?? start) + m.interval;
      event(
        "preventive",
        next,
        false,
        null,
        overdue ? "Descale and sanitise; booked but the technician never confirmed." : "Routine service",
      );
      if (m.key === "roaster") {
        event(
          "repair",
          today - 26,
          true,
          940_000,
          "Drum bearing and drive motor replaced after grinding noise; roastery down two days.",
        );
      }
      if (m.key === "grinder1")
        event("repair", start + 120, true, 68_000, "Burr set replaced (dull burrs, uneven extraction).");
      if (m.key === "espresso") event("repair", today - 3, true, 54_000, "Steam wand valve rebuilt.");
    }
    if (m.key === "espresso") {
      // The technician's latest invoice is still a draft awaiting review.
      plans.push({
        vendor: "service",
        issueDay: today - 1,
        draft: true,
        notes: "Scanned from email; check parts pricing before approving.",
        lines: [
          { description: "Steam valve rebuild kit", category: "equipment", qty: 1, unit: 21_500, taxBp: 875 },
        ],
      });
    }
    eqRows.push({
      id,
      name: m.name,
      kind: m.kind,
      serialNumber: `${m.kind.slice(0, 3).toUpperCase()}-${faker.string.alphanumeric({ length: 8, casing: "upper" })}`,
      location: m.location,
      purchasedOn: iso(today - m.ageDays),
      purchaseCostMinor: m.cost,
      status: m.status ?? "in_service",
      maintenanceIntervalDays: m.interval,
      lastMaintainedOn: last !== null ? iso(last) : null,
      nextMaintenanceOn: m.status ? null : iso((last ?? start) + m.interval),
      vendorId,
      notes:
        m.key === "roaster"
          ? "Roasts about 120 kg a day across two shifts. Service contract with Ironworks."
          : null,
      createdAt: at(today - m.ageDays, 12),
    });
  }
  await ctx.insert(equipment, eqRows, "equipment");
  await ctx.insert(maintenanceEvents, evRows, "maintenance events");
}

function serviceNote(m: Machine, tech: string): string {
  switch (m.kind) {
    case "espresso machine":
      return `Gaskets and screens replaced, boiler pressure checked, flow rates calibrated (${tech}).`;
    case "roaster":
      return `Chaff collector and exhaust cleaned, burners inspected, thermocouples checked (${tech}).`;
    case "grinder":
      return `Burrs inspected, chute cleaned, grind calibrated (${tech}).`;
    case "refrigeration":
      return `Coils cleaned, temperatures logged, gaskets checked (${tech}).`;
    case "vehicle":
      return "Oil change, tyre rotation, brake check.";
    default:
      return `Routine service (${tech}).`;
  }
}
