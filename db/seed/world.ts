/** The records one seed module hands to the next (ids, dates, amounts), so later modules can link to them. */
import type { VendorKey } from "./catalog.js";
import type { Day } from "./context.js";

export type AccountKey = "checking" | "savings" | "card";

/** One bank or card movement before it becomes a `transactions` row. Amount in cents, + in, − out. */
export interface LedgerEntry {
  day: Day;
  account: AccountKey;
  amount: number;
  description: string;
  counterparty: string;
  category: string;
  customerId?: string;
  vendorId?: string;
  invoiceId?: string;
  billId?: string;
  memo?: string;
}

export interface CustomerRef {
  id: string;
  name: string;
  email: string;
  kind: "cafe" | "restaurant" | "grocery" | "office" | "event";
  terms: number;
  /** Relative order frequency. */
  weight: number;
  /** First day the customer can be invoiced (before history for long-standing accounts). */
  sinceDay: Day;
  contactFirst: string;
  contactLast: string;
  phone: string;
  tags: string[];
}

export interface VendorRef {
  id: string;
  key: VendorKey;
  name: string;
  terms: number;
  category: string;
}

export interface InvoiceRef {
  id: string;
  number: string;
  customerId: string;
  issueDay: Day;
  dueDay: Day;
  status: "draft" | "sent" | "paid" | "overdue" | "void";
  total: number;
  amountPaid: number;
  paidDay?: Day;
  /** Roasted-coffee units taken from stock on the issue day (sku → units). */
  stock: { sku: string; qty: number }[];
}

export interface BillRef {
  id: string;
  number: string;
  vendorId: string;
  issueDay: Day;
  dueDay: Day;
  status: "draft" | "open" | "paid" | "overdue" | "void";
  total: number;
  category: string;
  poId?: string;
}

export interface EmployeeRef {
  id: string;
  /** Short name in the staff list ("owner", "gm", "b1"…). */
  key: string;
  firstName: string;
  lastName: string;
  title: string;
  department: string;
  userId?: string;
}

export interface ContactRef {
  id: string;
  name: string;
  email: string;
  customerId: string | null;
}

export interface DealRef {
  id: string;
  name: string;
  status: "open" | "won" | "lost";
  customerId: string | null;
  contactId: string | null;
  closedDay?: Day;
  amount: number;
}

export interface TicketRef {
  id: string;
  number: number;
  customerId: string | null;
  openedDay: Day;
  status: string;
  priority: string;
}

/** A tax obligation the cash flow paid (or will pay), for `tax_records`. */
export interface TaxPlan {
  kind: "sales_tax" | "income" | "payroll";
  periodStart: Day;
  periodEnd: Day;
  taxable: number | null;
  tax: number;
  dueDay: Day;
  paidDay?: Day;
}

/** A `links` row to write at the end (any record ↔ any record). */
export interface LinkPlan {
  fromId: string;
  fromType: string;
  toId: string;
  toType: string;
  kind: string;
  note?: string;
}

/** Everything the modules produce that other modules refer to. Filled in module order. */
export interface World {
  accounts: Record<AccountKey, { id: string; opening: number }>;
  vendors: Map<VendorKey, VendorRef>;
  /** Inventory item ids by SKU, allocated before invoices so their lines can point at stock. */
  items: Map<string, string>;
  customers: CustomerRef[];
  invoices: InvoiceRef[];
  bills: BillRef[];
  employees: EmployeeRef[];
  contacts: ContactRef[];
  deals: DealRef[];
  tickets: TicketRef[];
  /** Items that ended at or below their reorder point. */
  lowStock: { id: string; sku: string; name: string; onHand: number; reorderPoint: number }[];
  /** Cross-record links and tags, written by the core module once every record exists. */
  links: LinkPlan[];
  tagged: { tag: string; recordId: string; recordType: string }[];
  /** Tax obligations for `tax_records`. */
  taxes: TaxPlan[];
  /** Rows the ledger writes to `transactions` (structured entries + café deposits). */
  transactionCount: number;
  /** Bank and card movements collected from every module, written by the ledger. */
  ledger: LedgerEntry[];
  /** Café takings per day (cents, tax included), indexed by day − start. */
  cafeDaily: number[];
  /** Record ids by a short name, for links, tags, tasks and insights ("contract.lease" → con_…). */
  named: Map<string, string>;
  /** Monthly figures for KPIs, keyed by "YYYY-MM". */
  monthly: Map<string, Record<string, number>>;
}

export function emptyWorld(): World {
  return {
    accounts: {
      checking: { id: "", opening: 0 },
      savings: { id: "", opening: 0 },
      card: { id: "", opening: 0 },
    },
    vendors: new Map(),
    items: new Map(),
    customers: [],
    invoices: [],
    bills: [],
    employees: [],
    contacts: [],
    deals: [],
    tickets: [],
    lowStock: [],
    links: [],
    tagged: [],
    ledger: [],
    transactionCount: 0,
    taxes: [],
    cafeDaily: [],
    named: new Map(),
    monthly: new Map(),
  };
}

/** Adds `value` to a monthly figure. */
export function addMonthly(world: World, month: string, key: string, value: number): void {
  let m = world.monthly.get(month);
  if (!m) {
    m = {};
    world.monthly.set(month, m);
  }
  m[key] = (m[key] ?? 0) + value;
}

export function named(world: World, key: string): string {
  const id = world.named.get(key);
  if (!id) throw new Error(`demo seed: no record named ${key}`);
  return id;
}
