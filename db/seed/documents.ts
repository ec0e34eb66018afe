/**
 * Documents: file records with realistic text (no binaries) for the lease, key contracts and policies,
 * split into document_chunks for search. Other modules point at them through file_id.
 */
import { createHash } from "node:crypto";
import { documentChunks, files } from "../schema/core.js";
import { at, type Day, iso, type NewRow, type SeedContext } from "./context.js";
import type { World } from "./world.js";

export interface DocSpec {
  key: string;
  name: string;
  title: string;
  description: string;
  day: Day;
  paragraphs: string[];
}

function usd(cents: number): string {
  return `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;
}

export function documentSpecs(ctx: SeedContext, world: World): DocSpec[] {
  const biz = ctx.name;
  const vip = world.customers.find((c) => c.id === world.named.get("customer.vip"))!;
  const green = world.vendors.get("green")!;
  const leaseStart = ctx.today - 3 * 365 - 40;
  const supplyStart = ctx.today + 21 - 365;
  return [
    {
      key: "lease",
      name: "lease-212-harbor-st.pdf",
      title: "Commercial lease – 212 Harbor St (café)",
      description: "Five-year lease for the café premises with Harborview Properties LLC.",
      day: leaseStart,
      paragraphs: [
        `COMMERCIAL LEASE AGREEMENT. This lease is made on ${iso(leaseStart)} between Harborview Properties LLC ("Landlord") and ${biz} ("Tenant") for the premises at 212 Harbor St, ground floor, approximately 1,850 square feet ("Premises").`,
        `1. Term. The term is five (5) years beginning ${iso(leaseStart + 30)} and ending ${iso(leaseStart + 30 + 5 * 365)}. Tenant may renew for one further term of five years by written notice given no later than 180 days before the end of the term.`,
        `2. Rent. Base rent is ${usd(820_000)} per month for the café premises, payable in advance on the first day of each month by ACH. Base rent increases by 3% on each anniversary of the commencement date.`,
        "3. Operating expenses. Tenant pays its pro-rata share (11.4%) of common area maintenance, property taxes and building insurance, reconciled annually.",
        "4. Use. The Premises may be used as a café serving coffee, tea, pastries and light food, and for retail sale of coffee and related goods. No cooking requiring a Type I hood is permitted without Landlord's consent.",
        "5. Maintenance. Tenant maintains the interior, plumbing fixtures serving only the Premises and its own equipment. Landlord maintains the roof, structure and building systems.",
        `6. Security deposit. Tenant has paid a deposit of ${usd(1_640_000)}, returnable within 30 days after the end of the term less any amounts owed.`,
        "7. Insurance. Tenant carries commercial general liability insurance of at least $1,000,000 per occurrence naming Landlord as additional insured.",
        "8. Signage. Tenant may install exterior signage subject to Landlord approval and city sign permits.",
        "9. Default. If rent is unpaid ten days after written notice, Landlord may terminate the lease after a further 30-day cure period.",
      ],
    },
    {
      key: "supply",
      name: "green-coffee-supply-agreement.pdf",
      title: `Green coffee supply agreement – ${green.name}`,
      description:
        "Annual supply agreement for green coffee with forward-contracted lots; renews automatically.",
      day: supplyStart,
      paragraphs: [
        `SUPPLY AGREEMENT between ${green.name} ("Supplier") and ${biz} ("Buyer"), effective ${iso(supplyStart)}.`,
        "1. Products. Supplier will supply washed and natural green coffees from Brazil, Colombia, Ethiopia, Guatemala, Honduras, Kenya and Sumatra, plus Swiss Water decaf, as listed in Schedule A with grades and cupping scores.",
        "2. Forward contracts. Buyer commits to a minimum of 38,000 lb over the contract year. Prices for forward-contracted lots are fixed at contract; spot purchases are priced at the weekly list.",
        "3. Delivery. Delivery to 14 Dockside Way within 10 business days of a purchase order. Short shipments are back-ordered and invoiced on delivery.",
        "4. Payment. Net 30 from delivery. Late payments accrue 1.5% per month.",
        "5. Quality. Buyer may reject any lot that cups more than 2 points below its pre-shipment sample within 14 days of delivery.",
        "6. Term and renewal. This agreement runs for one year and renews automatically for successive one-year terms unless either party gives written notice at least 30 days before the end of the current term.",
        "7. Price review. On renewal Supplier may adjust list prices by no more than the change in the ICE Coffee C average over the prior quarter plus 5%.",
      ],
    },
    {
      key: "wholesale",
      name: `wholesale-agreement-${vip.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, 40)}.pdf`,
      title: `Wholesale coffee agreement – ${vip.name}`,
      description: "Wholesale supply, pricing and equipment loan agreement with our largest account.",
      day: ctx.start + 40,
      paragraphs: [
        `WHOLESALE SUPPLY AGREEMENT between ${biz} ("Roaster") and ${vip.name} ("Customer"), effective ${iso(ctx.start + 40)}.`,
        "1. Supply. Roaster supplies House Espresso Blend and a rotating single origin in 5 lb bags, roasted no more than 5 days before delivery.",
        "2. Pricing. House Espresso Blend $62.00 per 5 lb bag; single origins per the current price list. Prices are fixed for 12 months.",
        `3. Payment. Invoices are due net ${vip.terms} days from the invoice date.`,
        "4. Equipment. Roaster lends one two-group espresso machine and two grinders while Customer buys at least 40 lb per week. Roaster services the equipment quarterly at no charge.",
        "5. Training. Roaster provides two barista training sessions per quarter.",
        "6. Term. Two years, then month to month. Either party may end the agreement on 60 days' written notice.",
      ],
    },
    {
      key: "handbook",
      name: "employee-handbook-2025.pdf",
      title: "Employee handbook",
      description: "Policies for all staff: scheduling, pay, time off, conduct, safety.",
      day: ctx.start + 10,
      paragraphs: [
        `Welcome to ${biz}. This handbook explains how we work together. It does not create a contract of employment.`,
        "Scheduling. Schedules are posted every Thursday for the following two weeks. Shift swaps must be approved by a shift lead in the scheduling app.",
        "Pay. We pay every other Friday by direct deposit. Hourly team members earn tips pooled by hours worked and paid with payroll.",
        "Time off. Request vacation at least three weeks ahead in the app. Sick time accrues at one hour for every 30 hours worked and can be used without notice.",
        "Breaks. Shifts over five hours include a 30-minute meal break; every four hours include a paid 10-minute rest break.",
        "Conduct. Treat guests and each other with respect. Harassment of any kind is not tolerated; report concerns to the general manager or the owner.",
        "Food safety. Everyone completes food handler certification within 30 days of hire and allergen awareness training within 60 days.",
        "Roastery safety. Only trained staff operate the roaster. Know the roaster fire procedure before your first roasting shift.",
      ],
    },
    {
      key: "foodsafety",
      name: "food-safety-and-allergen-policy.pdf",
      title: "Food safety and allergen policy",
      description: "Cold holding, date marking, allergen handling and cleaning schedules.",
      day: ctx.start + 60,
      paragraphs: [
        "Purpose. Keep every guest safe by controlling time and temperature and preventing allergen cross-contact.",
        "Cold holding. Dairy and plant milks are held at 41 °F or below. Fridge temperatures are logged at opening, midday and closing.",
        "Date marking. Opened milk is labelled with the date and time and discarded after 4 hours out of refrigeration or by its use-by date.",
        "Allergens. We handle milk, soy, tree nuts (almond), wheat and eggs. Plant milks use colour-coded pitchers. Pastry allergens are listed on the menu board.",
        "Cleaning. Espresso machines are backflushed daily; grinders are cleaned weekly; ice machines are descaled and sanitised every six months by a technician.",
        "Illness. Staff with vomiting, diarrhoea or fever stay home and tell the manager.",
      ],
    },
    {
      key: "privacy",
      name: "privacy-policy.pdf",
      title: "Privacy policy (website, loyalty app and wholesale portal)",
      description: "What personal data we collect and how we use it.",
      day: ctx.start + 90,
      paragraphs: [
        `${biz} collects the personal information you give us (name, email, phone, delivery address) and purchase history from our online shop and loyalty app.`,
        "We use it to fulfil orders, run the loyalty programme, send receipts and, if you opt in, our newsletter.",
        "Card payments are processed by our payment provider; we never store full card numbers.",
        "We keep order records for seven years for tax purposes and delete loyalty data 24 months after an account's last activity.",
        "You can ask for a copy of your data or ask us to delete it by writing to privacy@ our domain.",
      ],
    },
    {
      key: "permit",
      name: "county-food-service-permit.pdf",
      title: "County food service permit (scan)",
      description: "Scan of the current food service permit for the café.",
      day: ctx.today - 356,
      paragraphs: [
        "COUNTY DEPARTMENT OF ENVIRONMENTAL HEALTH – RETAIL FOOD FACILITY PERMIT.",
        `Facility: ${biz}, 212 Harbor St. Category: Food service, limited preparation (coffee, pre-packaged and bakery items).`,
        `Valid through ${iso(ctx.today + 9)}. This permit must be posted in public view. Renewal requires payment of the annual fee and a passed routine inspection.`,
      ],
    },
  ];
}

/** Inserts the documents and their chunks; records each file id as `file.<key>`. */
export async function seedDocuments(ctx: SeedContext, world: World): Promise<void> {
  const fileRows: NewRow<typeof files>[] = [];
  const chunkRows: NewRow<typeof documentChunks>[] = [];
  for (const d of documentSpecs(ctx, world)) {
    const id = ctx.id("fil");
    world.named.set(`file.${d.key}`, id);
    const text = d.paragraphs.join("\n\n");
    fileRows.push({
      id,
      name: d.name,
      title: d.title,
      description: d.description,
      mimeType: "application/pdf",
      sizeBytes: 40_000 + text.length * 9,
      storageKey: `demo/${ctx.slug}/${d.name}`,
      sha256: createHash("sha256").update(text).digest("hex"),
      textContent: text,
      createdAt: at(Math.min(d.day, ctx.today), 11),
    });
    let ordinal = 0;
    for (const chunk of chunkParagraphs(d.paragraphs, 700)) {
      chunkRows.push({
        id: ctx.id("chk"),
        fileId: id,
        recordId: id,
        recordType: "file",
        ordinal: ordinal++,
        content: chunk,
        tokenCount: Math.ceil(chunk.split(/\s+/).length * 1.3),
        createdAt: at(Math.min(d.day, ctx.today), 11, 5),
      });
    }
  }
  await ctx.insert(files, fileRows, "files");
  await ctx.insert(documentChunks, chunkRows, "document chunks");
}

/** Groups paragraphs into chunks of at most ~`max` characters (a paragraph is never split). */
export function chunkParagraphs(paragraphs: string[], max: number): string[] {
  const out: string[] = [];
  let cur = "";
  for (const p of paragraphs) {
    if (cur && cur.length + p.length + 2 > max) {
      out.push(cur);
      cur = p;
    } else cur = cur ? `${cur}\n\n${p}` : p;
  }
  if (cur) out.push(cur);
  return out;
}
