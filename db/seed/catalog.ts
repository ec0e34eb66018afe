/**
 * The demo business's fixed catalogue: who it buys from, what it stocks, and what it sells wholesale.
 * Plain data; the modules turn it into rows. Money in cents.
 */

export type VendorKey =
  | "green"
  | "dairy"
  | "packaging"
  | "syrup"
  | "tea"
  | "bakery"
  | "merch"
  | "cleaning"
  | "landlord"
  | "power"
  | "water"
  | "internet"
  | "service"
  | "insurance"
  | "cpa"
  | "payroll"
  | "roasterco";

export interface VendorSpec {
  key: VendorKey;
  name: string;
  contact: string;
  category: string;
  terms: number;
  /** Days from order to delivery, for purchase orders. */
  leadDays?: number;
  /** Prefix of the vendor's own bill numbers. */
  billPrefix: string;
  website: string;
}

export const VENDORS: readonly VendorSpec[] = [
  {
    key: "green",
    name: "Meridian Green Coffee Importers",
    contact: "Lucia Ferreira",
    category: "cogs",
    terms: 30,
    leadDays: 9,
    billPrefix: "MGC-",
    website: "meridiangreen.example",
  },
  {
    key: "dairy",
    name: "Valley Fresh Dairy",
    contact: "Tom Okafor",
    category: "cogs",
    terms: 15,
    leadDays: 2,
    billPrefix: "VFD",
    website: "valleyfreshdairy.example",
  },
  {
    key: "packaging",
    name: "Pacific Packaging Supply",
    contact: "Renee Park",
    category: "cogs",
    terms: 30,
    leadDays: 6,
    billPrefix: "PPS-",
    website: "pacificpackaging.example",
  },
  {
    key: "syrup",
    name: "Coastline Beverage Distributors",
    contact: "Marco DeLuca",
    category: "cogs",
    terms: 30,
    leadDays: 4,
    billPrefix: "CBD",
    website: "coastlinebev.example",
  },
  {
    key: "tea",
    name: "Leaf & Kettle Tea Co.",
    contact: "Priya Raman",
    category: "cogs",
    terms: 30,
    leadDays: 6,
    billPrefix: "LK",
    website: "leafandkettle.example",
  },
  {
    key: "bakery",
    name: "Sunrise Bakehouse",
    contact: "Anna Kowalski",
    category: "cogs",
    terms: 15,
    billPrefix: "SB-",
    website: "sunrisebakehouse.example",
  },
  {
    key: "merch",
    name: "Northwind Merch Studio",
    contact: "Devon Hale",
    category: "cogs",
    terms: 30,
    leadDays: 12,
    billPrefix: "NMS",
    website: "northwindmerch.example",
  },
  {
    key: "cleaning",
    name: "CleanLine Janitorial Supply",
    contact: "Gus Moreno",
    category: "other",
    terms: 30,
    leadDays: 4,
    billPrefix: "CL-",
    website: "cleanline.example",
  },
  {
    key: "landlord",
    name: "Harborview Properties LLC",
    contact: "Elaine Brooks",
    category: "rent",
    terms: 0,
    billPrefix: "HP-",
    website: "harborviewprops.example",
  },
  {
    key: "power",
    name: "Bay City Power & Light",
    contact: "Customer Service",
    category: "utilities",
    terms: 20,
    billPrefix: "BCP",
    website: "baycitypower.example",
  },
  {
    key: "water",
    name: "Metro Water District",
    contact: "Billing",
    category: "utilities",
    terms: 25,
    billPrefix: "MWD",
    website: "metrowater.example",
  },
  {
    key: "internet",
    name: "Tidewave Fiber",
    contact: "Business Support",
    category: "utilities",
    terms: 15,
    billPrefix: "TW",
    website: "tidewavefiber.example",
  },
  {
    key: "service",
    name: "Precision Espresso Service",
    contact: "Sam Whitfield",
    category: "equipment",
    terms: 30,
    billPrefix: "PES-",
    website: "precisionespresso.example",
  },
  {
    key: "insurance",
    name: "Keystone Mutual Insurance",
    contact: "Janet Liu",
    category: "other",
    terms: 30,
    billPrefix: "KMI",
    website: "keystonemutual.example",
  },
  {
    key: "cpa",
    name: "Whitaker & Lane CPAs",
    contact: "Rob Whitaker",
    category: "other",
    terms: 15,
    billPrefix: "WL-",
    website: "whitakerlane.example",
  },
  {
    key: "payroll",
    name: "Gusto",
    contact: "Support",
    category: "payroll",
    terms: 0,
    billPrefix: "GUS",
    website: "gusto.com",
  },
  {
    key: "roasterco",
    name: "Ironworks Roaster Co.",
    contact: "Hank Adler",
    category: "equipment",
    terms: 30,
    billPrefix: "IRC-",
    website: "ironworksroaster.example",
  },
];

/** How an item moves: bought and used by the café, bought and roasted, or produced by roasting. */
export type ItemFlow = "cafe" | "green" | "roasted";

export interface ItemSpec {
  sku: string;
  name: string;
  category: string;
  unit: string;
  cost: number;
  price?: number;
  vendor: VendorKey | null;
  flow: ItemFlow;
  /** Mean units used (café) or sold (roasted, café side) per day. */
  perDay: number;
  reorderPoint: number;
  reorderQty: number;
  /** Usage recorded daily (fast movers) or summed per week. */
  daily?: boolean;
  /** For roasted items: the green coffee it is roasted from and pounds of green per unit. */
  green?: string;
  greenPerUnit?: number;
  /** Wholesale price per unit when sold on invoices. */
  wholesale?: number;
}

const g = (sku: string, origin: string, cost: number, perDay: number): ItemSpec => ({
  sku,
  name: `Green coffee – ${origin}`,
  category: "green coffee",
  unit: "lb",
  cost,
  vendor: "green",
  flow: "green",
  perDay,
  reorderPoint: Math.round(perDay * 16),
  reorderQty: Math.round(perDay * 40),
});
const r5 = (
  sku: string,
  name: string,
  green: string,
  cost: number,
  wholesale: number,
  perDay: number,
): ItemSpec => ({
  sku,
  name: `${name} – 5 lb wholesale bag`,
  category: "roasted coffee",
  unit: "bag",
  cost,
  wholesale,
  vendor: null,
  flow: "roasted",
  perDay,
  reorderPoint: 20,
  reorderQty: 60,
  green,
  greenPerUnit: 6,
  daily: perDay >= 3,
});
const r12 = (sku: string, name: string, green: string, perDay: number): ItemSpec => ({
  sku,
  name: `${name} – 12 oz retail bag`,
  category: "retail coffee",
  unit: "bag",
  cost: 720,
  price: 1900,
  wholesale: 1150,
  vendor: null,
  flow: "roasted",
  perDay,
  reorderPoint: 24,
  reorderQty: 72,
  green,
  greenPerUnit: 0.95,
});
const c = (
  sku: string,
  name: string,
  category: string,
  unit: string,
  cost: number,
  vendor: VendorKey,
  perDay: number,
  extra: Partial<ItemSpec> = {},
): ItemSpec => ({
  sku,
  name,
  category,
  unit,
  cost,
  vendor,
  flow: "cafe",
  perDay,
  reorderPoint: Math.max(2, Math.round(perDay * 5)),
  reorderQty: Math.max(6, Math.round(perDay * 18)),
  ...extra,
});

export const ITEMS: readonly ItemSpec[] = [
  g("GRN-BRA", "Brazil Cerrado", 410, 30),
  g("GRN-COL", "Colombia Huila", 560, 20),
  g("GRN-ETH", "Ethiopia Yirgacheffe", 680, 8),
  g("GRN-GUA", "Guatemala Antigua", 540, 12),
  g("GRN-SUM", "Sumatra Mandheling", 520, 9),
  g("GRN-DEC", "Colombia Swiss Water Decaf", 630, 5),
  g("GRN-HON", "Honduras Marcala", 460, 10),
  g("GRN-KEN", "Kenya AA Nyeri", 790, 3),
  r5("RST-ESP-5", "House Espresso Blend", "GRN-BRA", 3100, 6200, 4),
  r5("RST-BRK-5", "Harbor Breakfast Blend", "GRN-HON", 2900, 5800, 1),
  r5("RST-DRK-5", "Pine Ridge Dark Roast", "GRN-SUM", 3300, 5800, 0.6),
  r5("RST-ETH-5", "Ethiopia Yirgacheffe", "GRN-ETH", 4300, 8200, 0.3),
  r5("RST-COL-5", "Colombia Huila", "GRN-COL", 3600, 7200, 0.8),
  r5("RST-DEC-5", "Swiss Water Decaf", "GRN-DEC", 4000, 7000, 0.4),
  r12("RTL-BRK-12", "Harbor Breakfast Blend", "GRN-HON", 6),
  r12("RTL-ETH-12", "Ethiopia Yirgacheffe", "GRN-ETH", 3),
  r12("RTL-GUA-12", "Guatemala Antigua", "GRN-GUA", 3),
  r12("RTL-KEN-12", "Kenya AA Nyeri", "GRN-KEN", 1.5),
  c("DRY-MLK-WHL", "Whole milk", "dairy", "gallon", 420, "dairy", 34, { daily: true }),
  c("DRY-MLK-OAT", "Oat milk (barista edition)", "dairy", "carton", 310, "dairy", 26, { daily: true }),
  c("DRY-MLK-ALM", "Almond milk", "dairy", "carton", 290, "dairy", 8, { daily: true }),
  c("DRY-HNH", "Half & half", "dairy", "quart", 240, "dairy", 7, { daily: true }),
  c("DRY-CRM", "Heavy cream", "dairy", "quart", 380, "dairy", 2, { daily: true }),
  c("PKG-HOT-12", "Hot cup 12 oz", "cups & packaging", "each", 11, "packaging", 340, { daily: true }),
  c("PKG-HOT-16", "Hot cup 16 oz", "cups & packaging", "each", 13, "packaging", 240, { daily: true }),
  c("PKG-LID-HOT", "Hot cup lid", "cups & packaging", "each", 4, "packaging", 560, { daily: true }),
  c("PKG-COLD-16", "Cold cup 16 oz", "cups & packaging", "each", 12, "packaging", 170, { daily: true }),
  c("PKG-LID-CLD", "Cold cup lid", "cups & packaging", "each", 4, "packaging", 170, { daily: true }),
  c("PKG-SLV", "Cup sleeve", "cups & packaging", "each", 3, "packaging", 260),
  c("PKG-STRW", "Paper straw", "cups & packaging", "each", 2, "packaging", 150),
  c("PKG-NAP", "Napkins (pack of 500)", "cups & packaging", "pack", 650, "packaging", 1.2),
  c("PKG-VLV-5", "5 lb valve bag", "cups & packaging", "each", 42, "packaging", 14),
  c("PKG-VLV-12", "12 oz valve bag", "cups & packaging", "each", 28, "packaging", 14),
  c("PKG-LBL", "Printed bag labels (roll of 500)", "cups & packaging", "roll", 3800, "packaging", 0.06),
  c("SYR-VAN", "Vanilla syrup", "syrups & sauces", "bottle", 690, "syrup", 3.2),
  c("SYR-CAR", "Caramel syrup", "syrups & sauces", "bottle", 690, "syrup", 2.1),
  c("SYR-HAZ", "Hazelnut syrup", "syrups & sauces", "bottle", 690, "syrup", 1.1),
  c("SYR-LAV", "Lavender syrup", "syrups & sauces", "bottle", 840, "syrup", 0.7),
  c("SYR-MOC", "Dark chocolate sauce", "syrups & sauces", "jug", 1450, "syrup", 0.9),
  c("SYR-SF-VAN", "Sugar-free vanilla syrup", "syrups & sauces", "bottle", 720, "syrup", 0.6),
  c("SWT-SUG", "Raw sugar packets (case)", "syrups & sauces", "case", 2400, "syrup", 0.15),
  c("SWT-HON", "Local honey (5 lb)", "syrups & sauces", "tub", 3200, "syrup", 0.12),
  c("TEA-CHAI", "Chai concentrate", "tea", "carton", 560, "tea", 5.5),
  c("TEA-MAT", "Ceremonial matcha (1 lb)", "tea", "tin", 5400, "tea", 0.25),
  c("TEA-EGR", "Earl Grey loose leaf (1 lb)", "tea", "bag", 2200, "tea", 0.15),
  c("TEA-GRN", "Sencha green tea (1 lb)", "tea", "bag", 2600, "tea", 0.1),
  c("TEA-HRB", "Herbal chamomile blend (1 lb)", "tea", "bag", 2100, "tea", 0.1),
  c("TEA-CHO", "Hot chocolate mix", "tea", "bag", 1800, "tea", 0.4),
  c("MER-MUG", "Ceramic mug – logo", "merchandise", "each", 650, "merch", 1.1, { price: 1800 }),
  c("MER-TEE", "T-shirt – Harbor & Pine", "merchandise", "each", 900, "merch", 0.6, { price: 2800 }),
  c("MER-TOTE", "Canvas tote", "merchandise", "each", 520, "merch", 0.5, { price: 1600 }),
  c("MER-TMB", "Insulated tumbler 16 oz", "merchandise", "each", 1100, "merch", 0.7, { price: 3200 }),
  c("MER-PO", "Pour-over starter kit", "merchandise", "each", 2100, "merch", 0.2, { price: 4800 }),
  c("MER-GRD", "Hand burr grinder", "merchandise", "each", 3900, "merch", 0.1, { price: 8900 }),
  c("CLN-CAF", "Espresso machine cleaner (20 oz)", "cleaning", "tub", 1650, "cleaning", 0.12),
  c("CLN-GRD", "Grinder cleaning tablets", "cleaning", "jar", 1900, "cleaning", 0.05),
  c("CLN-SAN", "Food-safe sanitizer (gallon)", "cleaning", "gallon", 1400, "cleaning", 0.3),
  c("CLN-GLV", "Nitrile gloves (box of 100)", "cleaning", "box", 1100, "cleaning", 0.6),
  c("CLN-FLT", "Espresso water filter cartridge", "cleaning", "each", 8900, "cleaning", 0.02),
];

/** Items forced below their reorder point by the end, and whether an order is already on its way. */
export const LOW_AT_END: Readonly<Record<string, { openPo: boolean }>> = {
  "DRY-MLK-OAT": { openPo: true },
  "PKG-HOT-12": { openPo: true },
  "GRN-ETH": { openPo: false },
  "SYR-VAN": { openPo: false },
  "MER-MUG": { openPo: false },
};

/** Non-stock lines that show up on wholesale invoices. */
export const SERVICE_LINES = [
  { description: "Barista training session (2 h, on site)", price: 25000, taxBp: 0 },
  { description: "Espresso equipment check & calibration", price: 18000, taxBp: 0 },
  { description: "Delivery surcharge (outside zone)", price: 3500, taxBp: 0 },
  { description: "Branded cup sleeves (case of 1,000)", price: 14500, taxBp: 875 },
] as const;

/** What the bakery delivers each week (billed weekly, not stocked). */
export const BAKERY_LINES = [
  { description: "Butter croissants (dozen)", price: 2640 },
  { description: "Almond croissants (dozen)", price: 3120 },
  { description: "Blueberry muffins (dozen)", price: 2280 },
  { description: "Morning buns (dozen)", price: 2880 },
  { description: "Seasonal scones (dozen)", price: 2520 },
  { description: "Gluten-free banana bread (loaf)", price: 1450 },
] as const;
