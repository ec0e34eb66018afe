/** Users and memberships (identity tables, read by sign-in before a business is chosen). */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { appendEvent } from "../audit.js";
import type { Db } from "../client.js";
import { ConflictError, NotFoundError, parseInput } from "../errors.js";
import { isId, newId } from "../ids.js";
import { hashPassword } from "../passwords.js";
import { memberships, ROLES, type Role, users } from "../schema/core.js";
import { withBusiness } from "../tenancy.js";

export type User = typeof users.$inferSelect;
export type Membership = typeof memberships.$inferSelect;

export const createUserInput = z.strictObject({
  email: z.email("must be an email address").transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1, "is required").max(200),
  password: z.string().min(10, "must be at least 10 characters").optional(),
});

export async function createUser(db: Db, input: z.input<typeof createUserInput>, opts: { id?: string } = {}) {
  const data = parseInput(createUserInput, input, "Invalid user");
  const existing = await findUserByEmail(db, data.email);
  if (existing) throw new ConflictError(`A user with email ${data.email} already exists (${existing.id})`);
  const [row] = await db
    .insert(users)
    .values({
      id: opts.id ?? newId("usr"),
      email: data.email,
      name: data.name,
      passwordHash: data.password ? await hashPassword(data.password) : null,
    })
    .returning();
  return row!;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return row;
}

/** Finds a user by id or email. */
export async function findUser(db: Db, ref: string): Promise<User> {
  const row = isId(ref, "usr")
    ? (await db.select().from(users).where(eq(users.id, ref)).limit(1))[0]
    : await findUserByEmail(db, ref);
  if (!row) throw new NotFoundError(`No user with id or email ${JSON.stringify(ref)}`);
  return row;
}

export const roleInput = z.enum(ROLES, { message: `must be one of ${ROLES.join(", ")}` });

/** Adds (or changes) a user's role in a business, and records it in the audit chain. */
export async function addMember(
  db: Db,
  input: { businessId: string; userId: string; role: Role | string; actorUserId?: string },
): Promise<Membership> {
  const role = parseInput(z.object({ role: roleInput }), { role: input.role }, "Invalid membership").role;
  const [row] = await db
    .insert(memberships)
    .values({ id: newId("mem"), businessId: input.businessId, userId: input.userId, role })
    .onConflictDoUpdate({
      target: [memberships.businessId, memberships.userId],
      set: { role, updatedAt: new Date() },
    })
    .returning();
  await withBusiness(db, { businessId: input.businessId }, (tx) =>
    appendEvent(tx, input.businessId, {
      actorType: input.actorUserId ? "user" : "system",
      actorId: input.actorUserId ?? null,
      action: "member.added",
      entityType: "membership",
      entityId: row!.id,
      data: { userId: input.userId, role },
    }),
  );
  return row!;
}

export async function getMembership(
  db: Db,
  businessId: string,
  userId: string,
): Promise<Membership | undefined> {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.businessId, businessId), eq(memberships.userId, userId)))
    .limit(1);
  return row;
}
