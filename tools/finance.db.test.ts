import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client.js";
import {
  accounts,
  bills,
  budgetLines,
  customers,
  invoices,
  taxRecords,
  transactions,
  vendors,
} from "../db/schema/index.js";
import { backend } from "../tests/helpers/db.js";
import { type ToolHarness, toolHarness } from "../tests/helpers/tools.js";
import { comparisonPeriod } from "./finance.js";

// Hand-computed fixture; "today" is 2026-11-25 (FIXED_NOW, business time zone UTC). Amounts in cents.
// biome-ignore lint/suspicious/noExplicitAny: the test reads nested output freely
type Out = Record<string, any>;

const ids: Record<string, string> = {};

async function insertFixture(tx: Db, businessId: string) {
  const b = { businessId };
  const acc = await tx
    .insert(accounts)
    .values([
      { ...b, name: "Operating", kind: "bank", currentBalanceMinor: 1_000_000 },
      { ...b, name: "Petty cash", kind: "cash", currentBalanceMinor: 50_000 },
      { ...b, name: "Visa", kind: "credit", currentBalanceMinor: -120_000 },
      { ...b, name: "Euro account", kind: "bank", currency: "EUR", currentBalanceMinor: 200_000 },
      { ...b, name: "Old bank", kind: "bank", currentBalanceMinor: 999_999, isActive: false },
    ])
    .returning({ id: accounts.id, name: accounts.name });
  for (const a of acc) ids[a.name] = a.id;
  const cus = await tx
    .insert(customers)
    .values([
      { ...b, name: "Acme" },
      { ...b, name: "Birch" },
      { ...b, name: "Cobalt" },
    ])
    .returning({ id: customers.id, name: customers.name });
  for (const c of cus) ids[c.name] = c.id;
  const ven = await tx
    .insert(vendors)
    .values([
      { ...b, name: "Paper Co" },
      { ...b, name: "Cloud Host" },
    ])
    .returning({ id: vendors.id, name: vendors.name });
  for (const v of ven) ids[v.name] = v.id;

  const inv = (
    n: string,
    customer: string,
    status: "draft" | "sent" | "paid" | "overdue",
    issueDate: string,
    dueDate: string,
    total: number,
    extra: Partial<typeof invoices.$inferInsert> = {},
  ) => {
    const tax = extra.taxMinor ?? 0;
    return {
      ...b,
      number: n,
      customerId: ids[customer]!,
      status,
      issueDate,
      dueDate,
      totalMinor: total,
      subtotalMinor: total - tax,
      ...extra,
    };
  };
  const invRows = await tx
    .insert(invoices)
    .values([
      inv("INV-1", "Acme", "paid", "2026-10-01", "2026-10-31", 300_000, {
        amountPaidMinor: 300_000,
        paidOn: "2026-11-03",
        taxMinor: 15_000,
      }),
      inv("INV-2", "Acme", "sent", "2026-11-01", "2026-12-01", 200_000, { taxMinor: 10_000 }),
      inv("INV-3", "Birch", "overdue", "2026-09-01", "2026-10-01", 120_000, { amountPaidMinor: 20_000 }),
      inv("INV-4", "Cobalt", "sent", "2026-06-01", "2026-07-01", 50_000),
      inv("INV-5", "Birch", "sent", "2026-11-10", "2026-11-20", 80_000),
      inv("INV-6", "Cobalt", "draft", "2026-11-20", "2026-12-10", 99_900),
      inv("INV-7", "Acme", "sent", "2026-11-15", "2027-01-15", 400_000),
      inv("INV-8", "Birch", "sent", "2026-11-05", "2026-11-25", 30_000),
      inv("INV-9", "Cobalt", "sent", "2026-11-01", "2026-12-01", 10_000, { currency: "EUR" }),
      inv("INV-10", "Cobalt", "paid", "2026-10-15", "2026-11-14", 60_000, {
        amountPaidMinor: 60_000,
        paidOn: "2026-11-15",
      }),
    ])
    .returning({ id: invoices.id, number: invoices.number });
  for (const i of invRows) ids[i.number] = i.id;

  const bill = (
    key: string,
    number: string | null,
    vendor: string,
    status: "draft" | "open" | "paid" | "overdue",
    dueDate: string,
    total: number,
    extra: Partial<typeof bills.$inferInsert> = {},
  ) => ({
    ...b,
    key,
    number,
    vendorId: ids[vendor]!,
    status,
    issueDate: "2026-09-01",
    dueDate,
    totalMinor: total,
    subtotalMinor: total,
    ...extra,
  });
  const billDefs = [
    bill("B-1", "B-1", "Paper Co", "paid", "2026-11-18", 40_000, {
      amountPaidMinor: 40_000,
      paidOn: "2026-11-18",
    }),
    bill("B-2", "B-2", "Paper Co", "open", "2026-11-30", 70_000),
    bill("B-3", null, "Cloud Host", "overdue", "2026-09-20", 25_000, { amountPaidMinor: 5_000 }),
    bill("B-4", "B-4", "Cloud Host", "open", "2026-11-01", 15_000),
    bill("B-5", "B-5", "Paper Co", "open", "2027-02-01", 90_000),
    bill("B-6", "B-6", "Cloud Host", "draft", "2026-12-01", 11_100),
    bill("B-7", "B-7", "Cloud Host", "paid", "2026-10-10", 35_000, {
      amountPaidMinor: 35_000,
      paidOn: "2026-10-10",
    }),
  ];
  for (const { key, ...values } of billDefs) {
    const [row] = await tx.insert(bills).values(values).returning({ id: bills.id });
    ids[key] = row!.id;
  }

  const t = (
    account: string,
    postedOn: string,
    amount: number,
    category: string | null,
    extra: Partial<typeof transactions.$inferInsert> = {},
  ) => ({
    ...b,
    accountId: ids[account]!,
    postedOn,
    amountMinor: amount,
    category,
    description: `${category ?? "misc"} ${postedOn}`,
    ...extra,
  });
  const txRows = await tx
    .insert(transactions)
    .values([
      t("Operating", "2026-11-03", 300_000, "Sales", {
        customerId: ids.Acme,
        invoiceId: ids["INV-1"],
        description: "t1",
      }),
      t("Operating", "2026-11-10", 150_000, "Sales", { customerId: ids.Birch, description: "t2" }),
      t("Operating", "2026-11-05", -80_000, "Rent", { description: "t3" }),
      t("Visa", "2026-11-12", -20_000, "Software", { vendorId: ids["Cloud Host"], description: "t4" }),
      t("Petty cash", "2026-11-15", -5_000, " software", { description: "t5" }),
      t("Operating", "2026-11-20", -100_000, "Transfer", { description: "t6" }),
      t("Visa", "2026-11-20", 100_000, "transfer", { description: "t7" }),
      t("Operating", "2026-11-22", 10_000, null, { description: "t8" }),
      t("Operating", "2026-11-24", -30_000, "Supplies", { status: "pending", description: "t9" }),
      t("Operating", "2026-11-18", -40_000, "Supplies", {
        vendorId: ids["Paper Co"],
        billId: ids["B-1"],
        description: "t10",
      }),
      t("Euro account", "2026-11-10", 50_000, "Sales", {
        currency: "EUR",
        customerId: ids.Cobalt,
        description: "t12",
      }),
      t("Operating", "2026-10-05", 200_000, "Sales", { customerId: ids.Acme, description: "o1" }),
      t("Operating", "2026-10-06", -80_000, "Rent", { description: "o2" }),
      t("Visa", "2026-10-20", -10_000, "Software", { vendorId: ids["Cloud Host"], description: "o3" }),
      t("Operating", "2026-10-28", 70_000, "Sales", { customerId: ids.Cobalt, description: "o4" }),
      t("Operating", "2026-09-15", -60_000, "Rent", { description: "s1" }),
    ])
    .returning({ id: transactions.id, description: transactions.description });
  for (const r of txRows) ids[r.description] = r.id;

  const bud = await tx
    .insert(budgetLines)
    .values([
      { ...b, category: "Rent", periodStart: "2026-11-01", periodEnd: "2026-11-30", amountMinor: 80_000 },
      { ...b, category: "Software", periodStart: "2026-10-01", periodEnd: "2026-12-31", amountMinor: 92_000 },
      { ...b, category: "Supplies", periodStart: "2026-11-01", periodEnd: "2026-11-30", amountMinor: 30_000 },
      {
        ...b,
        kind: "income" as const,
        category: "Sales",
        periodStart: "2026-11-01",
        periodEnd: "2026-11-30",
        amountMinor: 500_000,
      },
      {
        ...b,
        category: "Marketing",
        periodStart: "2026-11-01",
        periodEnd: "2026-11-30",
        amountMinor: 25_000,
      },
      { ...b, category: "Rent", periodStart: "2026-09-01", periodEnd: "2026-09-30", amountMinor: 80_000 },
    ])
    .returning({ id: budgetLines.id, category: budgetLines.category, start: budgetLines.periodStart });
  for (const r of bud) ids[`bud ${r.category} ${r.start}`] = r.id;

  const tax = await tx
    .insert(taxRecords)
    .values([
      {
        ...b,
        kind: "sales_tax" as const,
        periodStart: "2026-07-01",
        periodEnd: "2026-09-30",
        taxMinor: 12_000,
        taxableMinor: 150_000,
        status: "paid" as const,
        dueOn: "2026-10-31",
        reference: "TR1",
      },
      {
        ...b,
        kind: "sales_tax" as const,
        periodStart: "2026-10-01",
        periodEnd: "2026-12-31",
        taxMinor: 9_000,
        taxableMinor: 112_500,
        dueOn: "2027-01-31",
        reference: "TR2",
      },
      {
        ...b,
        kind: "income" as const,
        periodStart: "2026-01-01",
        periodEnd: "2026-12-31",
        taxMinor: 200_000,
        dueOn: "2026-12-15",
        jurisdiction: "US",
        reference: "TR3",
      },
      {
        ...b,
        kind: "payroll" as const,
        periodStart: "2026-09-01",
        periodEnd: "2026-09-30",
        taxMinor: 30_000,
        status: "filed" as const,
        dueOn: "2026-10-15",
        reference: "TR4",
      },
      {
        ...b,
        kind: "sales_tax" as const,
        periodStart: "2025-10-01",
        periodEnd: "2025-12-31",
        taxMinor: 8_000,
        status: "paid" as const,
        dueOn: "2026-01-31",
        reference: "TR5",
      },
      {
        ...b,
        kind: "vat" as const,
        periodStart: "2026-01-01",
        periodEnd: "2026-03-31",
        taxMinor: 5_000,
        dueOn: "2026-12-01",
        archivedAt: new Date("2026-04-01T00:00:00Z"),
        reference: "TR6",
      },
    ])
    .returning({ id: taxRecords.id, reference: taxRecords.reference });
  for (const r of tax) ids[r.reference!] = r.id;
}

const refIds = (out: Out) => (out.refs as { id: string }[]).map((r) => r.id);

describe(`finance analytics tools (${backend})`, () => {
  let h: ToolHarness;
  beforeAll(async () => {
    h = await toolHarness();
    await h.tx((tx) => insertFixture(tx, h.businessId));
  });
  afterAll(() => h.db.dispose());

  it("compares periods by whole months when they start on the 1st, else by days", () => {
    expect(comparisonPeriod({ from: "2026-11-01", to: "2026-11-25" }, "previous_period")).toEqual({
      from: "2026-10-01",
      to: "2026-10-25",
    });
    expect(comparisonPeriod({ from: "2026-07-01", to: "2026-09-30" }, "previous_period")).toEqual({
      from: "2026-04-01",
      to: "2026-06-30",
    });
    expect(comparisonPeriod({ from: "2026-03-01", to: "2026-03-31" }, "previous_period")).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
    expect(comparisonPeriod({ from: "2026-11-10", to: "2026-11-19" }, "previous_period")).toEqual({
      from: "2026-10-31",
      to: "2026-11-09",
    });
    expect(comparisonPeriod({ from: "2028-02-01", to: "2028-02-29" }, "previous_year")).toEqual({
      from: "2027-02-01",
      to: "2027-02-28",
    });
  });

  it("profit and loss: cash basis, transfers and pending left out, vs previous period", async () => {
    const out = (await h.ok("accountant", "finance_profit_and_loss", {})) as Out;
    expect(out.period).toEqual({ from: "2026-11-01", to: "2026-11-25" });
    expect(out.comparisonPeriod).toEqual({ from: "2026-10-01", to: "2026-10-25" });
    expect(out.basis).toBe("cash");
    expect(out.income).toEqual({
      total: "4600.00",
      comparison: "2000.00",
      change: "2600.00",
      changePercent: 130,
      categories: [
        {
          category: "Sales",
          amount: "4500.00",
          comparison: "2000.00",
          change: "2500.00",
          changePercent: 125,
          transactions: 2,
        },
        {
          category: null,
          amount: "100.00",
          comparison: "0.00",
          change: "100.00",
          changePercent: null,
          transactions: 1,
        },
      ],
      omittedCategories: 0,
    });
    expect(out.expenses.total).toBe("1450.00");
    expect(out.expenses.comparison).toBe("900.00");
    expect(out.expenses.changePercent).toBe(61.1);
    expect(
      out.expenses.categories.map((c: Out) => [
        c.category,
        c.amount,
        c.comparison,
        c.changePercent,
        c.transactions,
      ]),
    ).toEqual([
      ["Rent", "800.00", "800.00", 0, 1],
      ["Supplies", "400.00", "0.00", null, 1],
      ["Software", "250.00", "100.00", 150, 2],
    ]);
    expect(out.net).toEqual({
      amount: "3150.00",
      comparison: "1100.00",
      change: "2050.00",
      changePercent: 186.4,
    });
    expect(refIds(out)).toEqual(["t1", "t2", "t8", "t3", "t10", "t4", "t5"].map((k) => ids[k]));

    const october = (await h.ok("owner", "finance_profit_and_loss", { to: "2026-10-31" })) as Out;
    expect([october.period, october.comparisonPeriod]).toEqual([
      { from: "2026-10-01", to: "2026-10-31" },
      { from: "2026-09-01", to: "2026-09-30" },
    ]);
    expect([october.income.total, october.expenses.total, october.expenses.comparison]).toEqual([
      "2700.00",
      "900.00",
      "600.00",
    ]);
    expect(october.net).toEqual({
      amount: "1800.00",
      comparison: "-600.00",
      change: "2400.00",
      changePercent: 400,
    });

    const lastYear = (await h.ok("owner", "finance_profit_and_loss", { compareTo: "previous_year" })) as Out;
    expect(lastYear.comparisonPeriod).toEqual({ from: "2025-11-01", to: "2025-11-25" });
    expect(lastYear.net).toEqual({
      amount: "3150.00",
      comparison: "0.00",
      change: "3150.00",
      changePercent: null,
    });
  });

  it("cash position: balances, cash vs card debt, 30-day change", async () => {
    const out = (await h.ok("manager", "finance_cash_position")) as Out;
    expect(out.changeWindow).toEqual({ from: "2026-10-27", to: "2026-11-25" });
    expect(out.totals).toEqual({
      cash: "10500.00",
      creditCardDebt: "1200.00",
      netCash: "9300.00",
      otherAccounts: "0.00",
      cashChange30Days: "3050.00",
      cash30DaysAgo: "7450.00",
    });
    expect(
      out.accounts.map((a: Out) => [
        a.name,
        a.kind,
        a.currency,
        a.balance,
        a.change30Days,
        a.transactions30Days,
      ]),
    ).toEqual([
      ["Euro account", "bank", "EUR", "2000.00", "500.00", 1],
      ["Operating", "bank", "USD", "10000.00", "3100.00", 7],
      ["Petty cash", "cash", "USD", "500.00", "-50.00", 1],
      ["Visa", "credit", "USD", "-1200.00", "800.00", 2],
    ]);
    expect(out.accountsInOtherCurrencies).toBe(1);
    expect(refIds(out)).toEqual(["Euro account", "Operating", "Petty cash", "Visa"].map((k) => ids[k]));
  });

  it("cash flow by month and by week with a running balance", async () => {
    const out = (await h.ok("accountant", "finance_cash_flow", {})) as Out;
    expect(out.period).toEqual({ from: "2026-09-01", to: "2026-11-25" });
    expect(out.openingBalance).toBe("6850.00");
    expect(out.closingBalance).toBe("10500.00");
    expect(out.totals).toEqual({
      inflow: "7300.00",
      outflow: "2650.00",
      transfers: "-1000.00",
      net: "3650.00",
      transactions: 11,
    });
    expect(
      out.buckets.map((b: Out) => [b.start, b.end, b.inflow, b.outflow, b.net, b.closingBalance]),
    ).toEqual([
      ["2026-09-01", "2026-09-30", "0.00", "600.00", "-600.00", "6250.00"],
      ["2026-10-01", "2026-10-31", "2700.00", "800.00", "1900.00", "8150.00"],
      ["2026-11-01", "2026-11-25", "4600.00", "1250.00", "2350.00", "10500.00"],
    ]);
    expect(out.buckets[2].transfers).toBe("-1000.00");
    expect(refIds(out)).toEqual([ids.Operating, ids["Petty cash"]]);

    const weekly = (await h.ok("owner", "finance_cash_flow", {
      from: "2026-11-04",
      to: "2026-11-25",
      granularity: "week",
    })) as Out;
    expect(weekly.openingBalance).toBe("11150.00");
    expect(
      weekly.buckets.map((b: Out) => [
        b.start,
        b.end,
        b.inflow,
        b.outflow,
        b.transfers,
        b.openingBalance,
        b.closingBalance,
      ]),
    ).toEqual([
      ["2026-11-04", "2026-11-08", "0.00", "800.00", "0.00", "11150.00", "10350.00"],
      ["2026-11-09", "2026-11-15", "1500.00", "50.00", "0.00", "10350.00", "11800.00"],
      ["2026-11-16", "2026-11-22", "100.00", "400.00", "-1000.00", "11800.00", "10500.00"],
      ["2026-11-23", "2026-11-25", "0.00", "0.00", "0.00", "10500.00", "10500.00"],
    ]);
  });

  it("cash flow rebuilds the opening balance from a balance stored as of an earlier day", async () => {
    const h2 = await toolHarness({ db: h.db, businessName: "Anchor Co" });
    await h2.tx(async (tx) => {
      const [a] = await tx
        .insert(accounts)
        .values({
          businessId: h2.businessId,
          name: "Bank",
          kind: "bank",
          currentBalanceMinor: 100_000,
          balanceAsOf: new Date("2026-11-10T12:00:00Z"),
        })
        .returning({ id: accounts.id });
      await tx.insert(transactions).values([
        {
          businessId: h2.businessId,
          accountId: a!.id,
          postedOn: "2026-11-05",
          amountMinor: 20_000,
          description: "in",
        },
        {
          businessId: h2.businessId,
          accountId: a!.id,
          postedOn: "2026-11-12",
          amountMinor: -30_000,
          description: "out",
        },
      ]);
    });
    const out = (await h2.ok("owner", "finance_cash_flow", { from: "2026-11-01" })) as Out;
    // balance 1000.00 at the end of Nov 10 includes +200 of Nov 5 → 800.00 on Nov 1; −300 on Nov 12 → 700.00
    expect([out.openingBalance, out.closingBalance]).toEqual(["800.00", "700.00"]);
  });

  it("cash forecast: AR due in window, AP due (overdue on day 1), average daily net, low point", async () => {
    const out = (await h.ok("owner", "finance_cash_forecast", {})) as Out;
    expect(out.window).toEqual({ from: "2026-11-26", to: "2026-12-25" });
    expect(out.startingCash).toBe("10500.00");
    expect(out.receivablesDue).toEqual({ amount: "2300.00", count: 2 });
    expect(out.payablesDue).toEqual({
      amount: "1050.00",
      count: 3,
      overdueAmount: "350.00",
      overdueCount: 2,
    });
    expect(out.overdueReceivablesNotCounted).toEqual({ amount: "2300.00", count: 3 });
    // 90-day net of unlinked cash transactions: 1050.00 → 11.67 a day
    expect(out.averageDailyNet).toBe("11.67");
    expect(out.lowPoint).toEqual({ date: "2026-11-30", day: 5, balance: "9808.33" });
    expect(out.endBalance).toBe("12100.00");
    expect(out.risk).toBe(false);
    expect(out.points).toEqual([
      { date: "2026-12-02", day: 7, balance: "11831.67" },
      { date: "2026-12-09", day: 14, balance: "11913.33" },
      { date: "2026-12-16", day: 21, balance: "11995.00" },
      { date: "2026-12-23", day: 28, balance: "12076.67" },
      { date: "2026-12-25", day: 30, balance: "12100.00" },
    ]);
    expect(refIds(out)).toEqual(["B-3", "B-4", "INV-8", "B-2", "INV-2"].map((k) => ids[k]));

    const tight = (await h.ok("owner", "finance_cash_forecast", { days: 5, threshold: "10000" })) as Out;
    expect(tight.risk).toBe(true);
    expect(tight.threshold).toBe("10000.00");
    expect(tight.lowPoint).toEqual({ date: "2026-11-30", day: 5, balance: "9808.33" });
    expect(tight.points).toEqual([{ date: "2026-11-30", day: 5, balance: "9808.33" }]);
  });

  it("AR aging: buckets per customer, overdue invoices oldest first", async () => {
    const out = (await h.ok("accountant", "finance_ar_aging", {})) as Out;
    expect(out.asOf).toBe("2026-11-25");
    expect(out.totals).toEqual({
      open: "8600.00",
      notDue: "6300.00",
      days1to30: "800.00",
      days31to60: "1000.00",
      days61to90: "0.00",
      days90plus: "500.00",
      overdue: "2300.00",
      documents: 6,
    });
    expect(out.customers).toEqual([
      {
        customerId: ids.Acme,
        name: "Acme",
        open: "6000.00",
        notDue: "6000.00",
        days1to30: "0.00",
        days31to60: "0.00",
        days61to90: "0.00",
        days90plus: "0.00",
        invoices: 2,
        oldestDueDate: "2026-12-01",
      },
      {
        customerId: ids.Birch,
        name: "Birch",
        open: "2100.00",
        notDue: "300.00",
        days1to30: "800.00",
        days31to60: "1000.00",
        days61to90: "0.00",
        days90plus: "0.00",
        invoices: 3,
        oldestDueDate: "2026-10-01",
      },
      {
        customerId: ids.Cobalt,
        name: "Cobalt",
        open: "500.00",
        notDue: "0.00",
        days1to30: "0.00",
        days31to60: "0.00",
        days61to90: "0.00",
        days90plus: "500.00",
        invoices: 1,
        oldestDueDate: "2026-07-01",
      },
    ]);
    expect(out.customersWithOpenInvoices).toBe(3);
    expect(out.otherCurrencyInvoices).toBe(1);
    expect(out.overdueInvoices.map((i: Out) => [i.number, i.customer, i.daysPastDue, i.open])).toEqual([
      ["INV-4", "Cobalt", 147, "500.00"],
      ["INV-3", "Birch", 55, "1000.00"],
      ["INV-5", "Birch", 5, "800.00"],
    ]);
    expect(out.refs).toEqual([
      { type: "invoice", id: ids["INV-4"], label: "Invoice INV-4" },
      { type: "invoice", id: ids["INV-3"], label: "Invoice INV-3" },
      { type: "invoice", id: ids["INV-5"], label: "Invoice INV-5" },
    ]);
    const top1 = (await h.ok("accountant", "finance_ar_aging", { limit: 1 })) as Out;
    expect(top1.customers.map((c: Out) => c.name)).toEqual(["Acme"]);
    expect([top1.customersWithOpenInvoices, top1.totals.open]).toEqual([3, "8600.00"]);
  });

  it("AP aging: buckets per vendor, overdue bills oldest first", async () => {
    const out = (await h.ok("manager", "finance_ap_aging", {})) as Out;
    expect(out.totals).toEqual({
      open: "1950.00",
      notDue: "1600.00",
      days1to30: "150.00",
      days31to60: "0.00",
      days61to90: "200.00",
      days90plus: "0.00",
      overdue: "350.00",
      documents: 4,
    });
    expect(
      out.vendors.map((v: Out) => [
        v.name,
        v.open,
        v.notDue,
        v.days1to30,
        v.days61to90,
        v.bills,
        v.oldestDueDate,
      ]),
    ).toEqual([
      ["Paper Co", "1600.00", "1600.00", "0.00", "0.00", 2, "2026-11-30"],
      ["Cloud Host", "350.00", "0.00", "150.00", "200.00", 2, "2026-09-20"],
    ]);
    expect(out.overdueBills.map((x: Out) => [x.billId, x.number, x.vendor, x.daysPastDue, x.open])).toEqual([
      [ids["B-3"], null, "Cloud Host", 66, "200.00"],
      [ids["B-4"], "B-4", "Cloud Host", 24, "150.00"],
    ]);
    expect(out.refs).toEqual([
      { type: "bill", id: ids["B-3"], label: `Bill ${ids["B-3"]}` },
      { type: "bill", id: ids["B-4"], label: "Bill B-4" },
    ]);
  });

  it("top customers and vendors: linked transactions plus paid documents without one", async () => {
    const out = (await h.ok("accountant", "finance_top_customers", {})) as Out;
    expect(out.period).toEqual({ from: "2026-08-28", to: "2026-11-25" });
    expect([out.totalReceived, out.customersPaying]).toEqual(["7800.00", 3]);
    expect(out.customers).toEqual([
      {
        customerId: ids.Acme,
        name: "Acme",
        amount: "5000.00",
        sharePercent: 64.1,
        transactions: 2,
        invoicesPaid: 0,
      },
      {
        customerId: ids.Birch,
        name: "Birch",
        amount: "1500.00",
        sharePercent: 19.2,
        transactions: 1,
        invoicesPaid: 0,
      },
      {
        customerId: ids.Cobalt,
        name: "Cobalt",
        amount: "1300.00",
        sharePercent: 16.7,
        transactions: 1,
        invoicesPaid: 1,
      },
    ]);
    expect(refIds(out)).toEqual([ids.Acme, ids.Birch, ids.Cobalt]);
    const two = (await h.ok("accountant", "finance_top_customers", { limit: 2 })) as Out;
    expect([two.customers.length, two.totalReceived, two.customersPaying]).toEqual([2, "7800.00", 3]);

    const v = (await h.ok("accountant", "finance_top_vendors", {})) as Out;
    expect([v.totalPaid, v.vendorsPaid]).toEqual(["1050.00", 2]);
    expect(v.vendors).toEqual([
      {
        vendorId: ids["Cloud Host"],
        name: "Cloud Host",
        amount: "650.00",
        sharePercent: 61.9,
        transactions: 2,
        billsPaid: 1,
      },
      {
        vendorId: ids["Paper Co"],
        name: "Paper Co",
        amount: "400.00",
        sharePercent: 38.1,
        transactions: 1,
        billsPaid: 0,
      },
    ]);
  });

  it("budget vs actual: pro-rated budget lines, unbudgeted activity, variance and % used", async () => {
    const out = (await h.ok("owner", "finance_budget_vs_actual", {})) as Out;
    expect(out.period).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(out.elapsedPercent).toBe(83.3);
    const rows = (side: Out) =>
      side.categories.map((c: Out) => [
        c.category,
        c.budget,
        c.actual,
        c.variance,
        c.percentUsed,
        c.budgeted,
        c.favorable,
        c.transactions,
      ]);
    expect(rows(out.expense)).toEqual([
      ["Rent", "800.00", "800.00", "0.00", 100, true, true, 1],
      ["Supplies", "300.00", "400.00", "100.00", 133.3, true, false, 1],
      ["Software", "300.00", "250.00", "-50.00", 83.3, true, true, 2],
      ["Marketing", "250.00", "0.00", "-250.00", 0, true, true, 0],
    ]);
    expect([out.expense.budget, out.expense.actual, out.expense.variance, out.expense.percentUsed]).toEqual([
      "1650.00",
      "1450.00",
      "-200.00",
      87.9,
    ]);
    expect(rows(out.income)).toEqual([
      ["Sales", "5000.00", "4500.00", "-500.00", 90, true, false, 2],
      [null, "0.00", "100.00", "100.00", null, false, true, 1],
    ]);
    expect([out.income.budget, out.income.actual, out.income.percentUsed]).toEqual([
      "5000.00",
      "4600.00",
      92,
    ]);
    expect(refIds(out)).toEqual(
      [
        "bud Sales 2026-11-01",
        "bud Software 2026-10-01",
        "bud Rent 2026-11-01",
        "bud Supplies 2026-11-01",
        "bud Marketing 2026-11-01",
      ].map((k) => ids[k]),
    );
  });

  it("tax summary: records by kind and status, due dates, tax on invoices issued", async () => {
    const out = (await h.ok("accountant", "finance_tax_summary", {})) as Out;
    expect(out.period).toEqual({ from: "2026-01-01", to: "2026-11-25" });
    expect(out.records).toEqual({ count: 4, tax: "2510.00", taxable: "2625.00" });
    expect(out.byKindStatus.map((g: Out) => [g.kind, g.status, g.records, g.tax])).toEqual([
      ["income", "estimated", 1, "2000.00"],
      ["payroll", "filed", 1, "300.00"],
      ["sales_tax", "estimated", 1, "90.00"],
      ["sales_tax", "paid", 1, "120.00"],
    ]);
    expect(out.due.map((d: Out) => [d.taxRecordId, d.dueOn, d.daysUntilDue, d.overdue, d.tax])).toEqual([
      [ids.TR4, "2026-10-15", -41, true, "300.00"],
      [ids.TR3, "2026-12-15", 20, false, "2000.00"],
      [ids.TR2, "2027-01-31", 67, false, "90.00"],
    ]);
    expect(out.invoices).toEqual({
      issued: 8,
      subtotal: "12150.00",
      taxCharged: "250.00",
      taxOnPaidInvoices: "150.00",
    });
    expect(refIds(out)).toEqual([ids.TR4, ids.TR3, ids.TR2, ids.TR1]);
  });

  it("refuses staff and explains bad input", async () => {
    for (const tool of ["finance_profit_and_loss", "finance_cash_position", "finance_ar_aging"]) {
      const r = await h.call("staff", tool, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("forbidden");
    }
    const backwards = await h.call("owner", "finance_profit_and_loss", {
      from: "2026-11-10",
      to: "2026-11-01",
    });
    expect(backwards.ok).toBe(false);
    if (!backwards.ok) {
      expect(backwards.error.code).toBe("invalid_input");
      expect(backwards.error.issues).toEqual(["to: must be on or after 2026-11-10"]);
    }
    const cases: Array<[string, unknown, RegExp]> = [
      ["finance_cash_flow", { granularity: "day" }, /granularity: expected one of week, month/],
      ["finance_cash_forecast", { days: 0 }, /days/],
      ["finance_cash_forecast", { threshold: "lots" }, /threshold/],
      ["finance_top_customers", { from: "2020-01-01", to: "2026-01-01" }, /at most 3 years/],
      ["finance_ap_aging", { vendor: "x" }, /unknown field 'vendor'/],
      ["finance_tax_summary", { from: "2026-13-01" }, /from/],
    ];
    for (const [tool, input, re] of cases) {
      const r = await h.call("owner", tool, input);
      expect(r.ok, tool).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe("invalid_input");
        expect((r.error.issues ?? []).join(" "), JSON.stringify(input)).toMatch(re);
      }
    }
  });
});
