/** Standard operating procedures with their steps: café, coffee quality, food safety, roastery, safety. */
import { sops } from "../schema/operations.js";
import { at, iso, type NewRow, type SeedContext } from "./context.js";

const SOPS: { title: string; category: string; status: "active" | "draft" | "retired"; steps: string[] }[] = [
  {
    title: "Café opening checklist",
    category: "café",
    status: "active",
    steps: [
      "Disarm alarm and switch on lights and music",
      "Turn on espresso machines and grinders; purge group heads",
      "Dial in espresso: 18 g in, 38 g out, 27–31 s",
      "Check fridge temperatures (≤ 41 °F) and log them",
      "Stock milk, cups, lids and pastries",
      "Count the till float ($200) and open the POS",
      "Unlock the door at 6:30",
    ],
  },
  {
    title: "Café closing checklist",
    category: "café",
    status: "active",
    steps: [
      "Stop espresso at 5:45; backflush with cleaner",
      "Soak portafilters and steam tips",
      "Empty and clean grinders' hoppers",
      "Wipe down and sanitise all surfaces",
      "Record waste in the waste log",
      "Count the till and close out the POS",
      "Set the alarm and lock both doors",
    ],
  },
  {
    title: "Espresso dial-in",
    category: "coffee quality",
    status: "active",
    steps: [
      "Weigh the dose (18.0 g ± 0.1)",
      "Distribute and tamp level",
      "Pull and time the shot",
      "Taste: sour → finer, bitter → coarser",
      "Log the recipe on the bar tablet",
    ],
  },
  {
    title: "Milk handling and allergens",
    category: "food safety",
    status: "active",
    steps: [
      "Store dairy at or below 41 °F",
      "Use separate pitchers for dairy and plant milks (blue = oat, green = almond)",
      "Discard opened milk after 4 h at room temperature",
      "Label and date every opened carton",
      "Ask about allergies on every custom drink",
    ],
  },
  {
    title: "Roast logging and quality control",
    category: "roastery",
    status: "active",
    steps: [
      "Record green lot, charge weight and charge temperature",
      "Log turning point, first crack and drop",
      "Weigh the roasted batch and note the loss",
      "Cup each new lot within 24 hours",
      "File the roast profile with the batch number",
    ],
  },
  {
    title: "Wholesale order fulfilment",
    category: "wholesale",
    status: "active",
    steps: [
      "Check the order against the invoice in the system",
      "Pull bags FIFO from finished goods",
      "Label with roast date and batch number",
      "Pack and load the van by 9:00",
      "Mark delivered and send the invoice the same day",
    ],
  },
  {
    title: "Roaster fire emergency",
    category: "safety",
    status: "active",
    steps: [
      "Cut the gas at the main valve",
      "Keep the drum turning; do not open the door",
      "Use the water mister port, then the CO2 extinguisher",
      "Call 911 if flames leave the roaster",
      "Report to the owner and log the incident",
    ],
  },
  {
    title: "Cash handling (legacy paper log)",
    category: "café",
    status: "retired",
    steps: ["Count the till twice", "Record on the paper sheet", "Drop envelopes in the safe"],
  },
  {
    title: "Catering and event setup",
    category: "events",
    status: "draft",
    steps: [
      "Confirm headcount and power at the venue",
      "Pack the Linea Mini kit and grinder",
      "Bring 2 lb coffee per 50 guests",
      "Set up 45 minutes before service",
      "Photograph the setup for social",
    ],
  },
];

export async function seedSops(ctx: SeedContext): Promise<void> {
  const owners = [ctx.users.manager.id, ctx.users.owner.id];
  const rows: NewRow<typeof sops>[] = SOPS.map((s, i) => ({
    id: ctx.id("sop"),
    title: s.title,
    category: s.category,
    version: s.status === "draft" ? "0.3" : `${1 + (i % 3)}.${i % 4}`,
    status: s.status,
    ownerUserId: owners[i % 2]!,
    body: `${s.title}. Follow these steps in order; ask the shift lead if anything is unclear. Last reviewed with the whole team.`,
    steps: s.steps,
    reviewedOn: iso(ctx.today - 20 - i * 37),
    createdAt: at(ctx.start - 200 + i * 11),
    updatedAt: at(ctx.today - 20 - i * 37, 15),
  }));
  await ctx.insert(sops, rows, "sops");
}
