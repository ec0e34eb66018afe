/**
 * The bank ledger: writes the accounts with balances equal to opening + Σ transactions, the structured
 * transactions, and ~10,000 × scale café deposits streamed in chunks so memory stays flat.
 */
import type { Db } from "../client.js";
import { deterministicIds } from "../ids.js";
import { accounts, transactions } from "../schema/finance.js";
import { at, iso, monthKey, type NewRow, Rng, type SeedContext, splitInteger } from "./context.js";
import { addMonthly, type World } from "./world.js";

const CHUNK = 20_000;

/** The café deposits still to write: a day range at a time, each day's rows and ids from its own seeded stream. */
export interface CafeStream {
  /** Rows the stream will write in all. */
  total: number;
  /** Writes the `part`-th of `parts` contiguous day ranges (about equal rows each) with `tx`. */
  write(tx: Db, part: number, parts: number): Promise<void>;
}

/**
 * Writes the accounts (balances = opening + Σ of every transaction, café deposits included) and the
 * structured transactions; returns the café deposit stream, which the caller runs in one or several
 * transactions. Monthly figures for the KPIs are recorded on the way.
 */
export async function writeLedger(ctx: SeedContext, world: World): Promise<CafeStream> {
  const { today, start } = ctx;
  const L = world.ledger;
  const target = Math.round(10_000 * ctx.scale);
  const openDays = world.cafeDaily.filter((v) => v > 0).length;
  const deposits = Math.max(openDays, target - L.length);
  const totalTakings = world.cafeDaily.reduce((a, b) => a + b, 0);
  // Deposits per day: one per open day plus a share of the rest in proportion to the day's takings.
  const perDay: number[] = [];
  let seen = 0;
  let given = 0;
  let openSoFar = 0;
  for (const takings of world.cafeDaily) {
    if (takings <= 0) {
      perDay.push(0);
      continue;
    }
    seen += takings;
    openSoFar++;
    const due = openSoFar + Math.floor(((deposits - openDays) * seen) / totalTakings);
    const k = Math.min(takings, Math.max(1, due - given));
    given += k;
    perDay.push(k);
  }

  // Balances and monthly figures, known before a single row is written.
  const bal = {
    checking: world.accounts.checking.opening,
    savings: world.accounts.savings.opening,
    card: world.accounts.card.opening,
  };
  let li = 0;
  for (let d = start; d <= today; d++) {
    const mk = monthKey(d);
    for (; li < L.length && L[li]!.day === d; li++) {
      const e = L[li]!;
      bal[e.account] += e.amount;
      if (e.category !== "transfer") addMonthly(world, mk, e.category, e.amount);
      if (e.category !== "transfer" && e.amount < 0) addMonthly(world, mk, "outflow", -e.amount);
    }
    bal.checking += world.cafeDaily[d - start]!;
    addMonthly(world, mk, "revenue", world.cafeDaily[d - start]!);
    addMonthly(world, mk, "cafe", world.cafeDaily[d - start]!);
    if (monthKey(d + 1) !== mk) addMonthly(world, mk, "cash_end", bal.checking + bal.savings + bal.card);
  }
  const acct = (
    key: "checking" | "savings" | "card",
    name: string,
    kind: "bank" | "credit",
    institution: string,
    mask: string,
  ) => ({
    id: world.accounts[key].id,
    name,
    kind,
    institution,
    mask,
    openingBalanceMinor: world.accounts[key].opening,
    currentBalanceMinor: bal[key],
    balanceAsOf: at(today, 23, 59),
    source: "plaid",
    externalId: `demo-${key}-${mask}`,
    notes: key === "card" ? "Statement closes at month end; autopay on the 6th." : null,
    createdAt: at(start - 1, 9),
  });
  await ctx.insert(
    accounts,
    [
      acct("checking", "Operating checking", "bank", "First Harbor Bank", "4821"),
      acct("savings", "Reserve savings", "bank", "First Harbor Bank", "9930"),
      acct("card", "Amex Business Platinum", "credit", "American Express", "1007"),
    ],
    "accounts",
  );
  world.named.set("account.checking", world.accounts.checking.id);

  type Row = NewRow<typeof transactions>;
  const structured: Row[] = L.map((e) => {
    const created = at(e.day, 22);
    return {
      id: ctx.id("txn"),
      accountId: world.accounts[e.account].id,
      postedOn: iso(e.day),
      amountMinor: e.amount,
      description: e.description,
      counterparty: e.counterparty,
      category: e.category,
      status: e.account === "card" && today - e.day < 2 ? "pending" : "posted",
      customerId: e.customerId,
      vendorId: e.vendorId,
      invoiceId: e.invoiceId,
      billId: e.billId,
      memo: e.memo,
      createdAt: created,
      updatedAt: created,
    };
  });
  await ctx.insert(transactions, structured, "transactions");
  world.transactionCount = L.length + given;

  const checking = world.accounts.checking.id;
  const seed = ctx.seed;
  return {
    total: given,
    async write(tx, part, parts) {
      // Contiguous day ranges holding about `given / parts` deposits each.
      let from = 0;
      let acc = 0;
      for (let i = 0; i < perDay.length && acc < (given * part) / parts; i++) {
        acc += perDay[i]!;
        from = i + 1;
      }
      let buf: Row[] = [];
      for (
        let i = from;
        i < perDay.length && (part === parts - 1 || acc < (given * (part + 1)) / parts);
        i++
      ) {
        const k = perDay[i]!;
        acc += k;
        if (k === 0) continue;
        const day = start + i;
        const rng = new Rng((seed * 1_000_003 + day * 7_919) >>> 0);
        const id = deterministicIds(() => rng.next(), at(day, 21).getTime());
        const created = at(day, 22);
        const postedOn = iso(day);
        const status = day === today ? "pending" : "posted";
        const amounts = splitInteger(rng, world.cafeDaily[i]!, k);
        for (let j = 0; j < amounts.length; j++) {
          const cash = amounts.length >= 3 && j === amounts.length - 1;
          buf.push({
            id: id("txn"),
            accountId: checking,
            postedOn,
            amountMinor: amounts[j]!,
            description: cash ? "Cash deposit" : "Square payout",
            counterparty: cash ? "Café till" : "Square",
            category: "revenue",
            status,
            createdAt: created,
            updatedAt: created,
          });
        }
        if (buf.length >= CHUNK) {
          await ctx.insert(transactions, buf, "transactions", tx);
          buf = [];
        }
      }
      if (buf.length) await ctx.insert(transactions, buf, "transactions", tx);
    },
  };
}
