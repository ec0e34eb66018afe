/**
 * People: positions, ~12 employees (one on parental leave, one who left) and bi-weekly payroll for the whole
 * history, with its bank debits.
 */
import { employees, payrollRecords, positions } from "../schema/people.js";
import { at, type Day, iso, monthKey, type NewRow, type SeedContext, weekday } from "./context.js";
import { addMonthly, type EmployeeRef, type World } from "./world.js";

interface Person {
  key: string;
  position: string;
  department: string;
  manager?: string;
  salary?: number;
  hourly?: number;
  hours?: number;
  type?: "full_time" | "part_time";
  user?: "owner" | "manager" | "staff";
  hiredAgo?: number;
  hiredDay?: number;
  leftDay?: number;
  leaveDay?: number;
}

const POSITIONS = [
  { title: "Founder & Owner", department: "Leadership", min: 6_000_000, max: 9_000_000 },
  { title: "General Manager", department: "Café", min: 5_200_000, max: 6_500_000 },
  { title: "Head Roaster", department: "Roastery", min: 5_000_000, max: 6_200_000 },
  { title: "Wholesale Account Manager", department: "Sales", min: 4_600_000, max: 5_800_000 },
  { title: "Assistant Roaster", department: "Roastery", min: 3_900_000, max: 4_600_000 },
  { title: "Shift Lead", department: "Café", min: 3_800_000, max: 4_400_000 },
  { title: "Barista", department: "Café", min: 3_200_000, max: 3_900_000 },
  { title: "Delivery Driver & Warehouse", department: "Roastery", min: 3_400_000, max: 4_000_000 },
  { title: "Weekend Barista", department: "Café", min: 1_500_000, max: 1_900_000, open: true },
];

const PEOPLE: Person[] = [
  {
    key: "owner",
    position: "Founder & Owner",
    department: "Leadership",
    salary: 7_200_000,
    user: "owner",
    hiredAgo: 2400,
  },
  {
    key: "gm",
    position: "General Manager",
    department: "Café",
    manager: "owner",
    salary: 6_000_000,
    user: "manager",
    hiredAgo: 1500,
  },
  {
    key: "roaster",
    position: "Head Roaster",
    department: "Roastery",
    manager: "owner",
    salary: 5_800_000,
    hiredAgo: 1900,
  },
  {
    key: "sales",
    position: "Wholesale Account Manager",
    department: "Sales",
    manager: "owner",
    salary: 5_200_000,
    hiredAgo: 700,
  },
  {
    key: "asst",
    position: "Assistant Roaster",
    department: "Roastery",
    manager: "roaster",
    hourly: 2100,
    hours: 78,
    hiredAgo: 600,
  },
  {
    key: "lead",
    position: "Shift Lead",
    department: "Café",
    manager: "gm",
    hourly: 2000,
    hours: 78,
    user: "staff",
    hiredAgo: 1100,
  },
  {
    key: "b1",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1800,
    hours: 70,
    hiredAgo: 800,
  },
  {
    key: "b2",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1800,
    hours: 70,
    hiredAgo: 650,
    leaveDay: -20,
  },
  {
    key: "b3",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1800,
    hours: 70,
    hiredAgo: 480,
  },
  {
    key: "b4",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1750,
    hours: 64,
    hiredDay: 150,
  },
  {
    key: "b5",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1700,
    hours: 42,
    type: "part_time",
    hiredAgo: 300,
  },
  {
    key: "old",
    position: "Barista",
    department: "Café",
    manager: "gm",
    hourly: 1700,
    hours: 66,
    hiredAgo: 900,
    leftDay: 140,
  },
  {
    key: "driver",
    position: "Delivery Driver & Warehouse",
    department: "Roastery",
    manager: "roaster",
    hourly: 1900,
    hours: 48,
    type: "part_time",
    hiredAgo: 420,
  },
];

export async function seedPeople(ctx: SeedContext, world: World): Promise<void> {
  const { faker, today, start, rng } = ctx;
  const posIds = new Map<string, string>();
  await ctx.insert(
    positions,
    POSITIONS.map((p) => {
      const id = ctx.id("pos");
      posIds.set(p.title, id);
      return {
        id,
        title: p.title,
        department: p.department,
        level: p.title.includes("Owner") || p.title.includes("Manager") ? "lead" : "staff",
        description: `${p.title} in ${p.department.toLowerCase()}.`,
        salaryMinMinor: p.min,
        salaryMaxMinor: p.max,
        isOpen: p.open ?? false,
        createdAt: at(start - 400),
      };
    }),
    "positions",
  );

  const ids = new Map<string, string>();
  for (const p of PEOPLE) ids.set(p.key, ctx.id("emp"));
  const hired = (p: Person): Day => (p.hiredDay !== undefined ? start + p.hiredDay : today - p.hiredAgo!);
  const rows: NewRow<typeof employees>[] = PEOPLE.map((p) => {
    const user = p.user ? ctx.users[p.user] : undefined;
    const [first, ...rest] = user
      ? user.name.split(" ")
      : [faker.person.firstName(), faker.person.lastName()];
    const last = rest.join(" ");
    const ref: EmployeeRef = {
      id: ids.get(p.key)!,
      key: p.key,
      firstName: first!,
      lastName: last,
      title: p.position,
      department: p.department,
      userId: user?.id,
    };
    world.employees.push(ref);
    world.named.set(`employee.${p.key}`, ref.id);
    return {
      id: ref.id,
      firstName: ref.firstName,
      lastName: last,
      email:
        user?.email ??
        `${first!.toLowerCase()}.${last.toLowerCase().replace(/[^a-z]/g, "")}@${ctx.slug}.demo`,
      phone: faker.phone.number({ style: "national" }),
      positionId: posIds.get(p.position)!,
      managerId: p.manager ? ids.get(p.manager)! : null,
      department: p.department,
      employmentType: p.type ?? "full_time",
      status: p.leftDay !== undefined ? "terminated" : p.leaveDay !== undefined ? "on_leave" : "active",
      hiredOn: iso(hired(p)),
      terminatedOn: p.leftDay !== undefined ? iso(start + p.leftDay) : null,
      salaryMinor: p.salary ?? null,
      hourlyRateMinor: p.hourly ?? null,
      userId: user?.id ?? null,
      location: p.department === "Roastery" ? "Roastery, 14 Dockside Way" : "Café, 212 Harbor St",
      notes:
        p.leaveDay !== undefined
          ? "Parental leave; expected back in about nine weeks."
          : p.leftDay !== undefined
            ? "Resigned (moved out of state); eligible for rehire."
            : null,
      createdAt: at(hired(p) - 7, 16),
    };
  });
  await ctx.insert(employees, rows, "employees");

  // Pay runs every other Friday for two weeks ending the Sunday before.
  const pay: NewRow<typeof payrollRecords>[] = [];
  let payDay = start + 5;
  while (weekday(payDay) !== 5) payDay++;
  const gusto = world.vendors.get("payroll")!;
  for (; payDay <= today + 14; payDay += 14) {
    const periodEnd = payDay - 5;
    const periodStart = periodEnd - 13;
    let cost = 0;
    for (const p of PEOPLE) {
      const from = Math.max(periodStart, hired(p));
      let to = periodEnd;
      if (p.leftDay !== undefined) to = Math.min(to, start + p.leftDay);
      if (p.leaveDay !== undefined) to = Math.min(to, today + p.leaveDay - 1);
      if (to < from) continue;
      const share = (to - from + 1) / 14;
      const gross = Math.round(
        p.salary ? (p.salary / 26) * share : p.hourly! * Math.round(p.hours! * share * rng.jitter(0.08)),
      );
      if (gross <= 0) continue;
      const taxes = Math.round(gross * 0.19);
      const deductions = (p.type ?? "full_time") === "full_time" ? Math.round(gross * 0.05) : 0;
      const employer = Math.round(gross * 1.0865);
      cost += employer;
      addMonthly(world, monthKey(payDay), "payroll_gross", gross);
      addMonthly(world, monthKey(payDay), "payroll_tax", taxes + (employer - gross));
      pay.push({
        id: ctx.id("pay"),
        employeeId: ids.get(p.key)!,
        periodStart: iso(periodStart),
        periodEnd: iso(periodEnd),
        payDate: iso(payDay),
        grossMinor: gross,
        taxesMinor: taxes,
        deductionsMinor: deductions,
        netMinor: gross - taxes - deductions,
        employerCostMinor: employer,
        status: payDay <= today ? "paid" : payDay - today <= 4 ? "approved" : "draft",
        createdAt: at(periodEnd + 1, 10),
        updatedAt: at(Math.min(payDay, today), 12),
      });
    }
    if (payDay <= today) {
      world.ledger.push({
        day: payDay - 1,
        account: "checking",
        amount: -cost,
        description: `Gusto payroll – pay date ${iso(payDay)}`,
        counterparty: "Gusto",
        category: "payroll",
        vendorId: gusto.id,
      });
    }
  }
  await ctx.insert(payrollRecords, pay, "payroll records");
}
