/**
 * The reads behind the document and marketing drafts: SOPs and policies (by topic, id or review date),
 * positions and their team, campaigns and posts. Every query takes the tenant-scoped transaction and the
 * business id; nothing here formats text.
 */
import { and, asc, eq, gte, isNull, lte, ne, or, sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/client.js";
import { campaigns, policies, positions, posts, socialAccounts, sops } from "../db/schema/index.js";

// ── knowledge: SOPs and policies ───────────────────────────────────────────────────────────────────────

/** Words of a topic as an any-word full-text query ("closing the shop" → closing or the or shop). */
const anyWords = (topic: string) => (topic.match(/[\p{L}\p{N}]+/gu) ?? []).join(" or ");

/** The SOP that best matches the topic by full text (active first), or undefined. */
export async function matchingSop(db: Db, businessId: string, topic: string) {
  const words = anyWords(topic);
  if (!words) return undefined;
  const q = sql`websearch_to_tsquery('english', ${words})`;
  const [row] = await db
    .select()
    .from(sops)
    .where(and(eq(sops.businessId, businessId), isNull(sops.archivedAt), sql`${sops.search} @@ ${q}`))
    .orderBy(
      sql`${sops.status} = 'active' desc`,
      sql`ts_rank(${sops.search}, ${q}) desc`,
      sql`ts_rank(to_tsvector('english', ${sops.title}), ${q}) desc`,
      asc(sops.id),
    )
    .limit(1);
  return row;
}

export async function matchingPolicy(db: Db, businessId: string, topic: string) {
  const words = anyWords(topic);
  if (!words) return undefined;
  const q = sql`websearch_to_tsquery('english', ${words})`;
  const [row] = await db
    .select()
    .from(policies)
    .where(
      and(eq(policies.businessId, businessId), isNull(policies.archivedAt), sql`${policies.search} @@ ${q}`),
    )
    .orderBy(
      sql`${policies.status} = 'active' desc`,
      sql`ts_rank(to_tsvector('english', ${policies.title}), ${q}) desc`,
      sql`ts_rank(${policies.search}, ${q}) desc`,
      asc(policies.id),
    )
    .limit(1);
  return row;
}

export async function sopById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(sops)
    .where(and(eq(sops.businessId, businessId), eq(sops.id, id)));
  return row;
}

export async function policyById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.businessId, businessId), eq(policies.id, id)));
  return row;
}

/** The active SOP reviewed longest ago (never reviewed first): the next one due a revision. */
export async function sopDueForReview(db: Db, businessId: string) {
  const [row] = await db
    .select()
    .from(sops)
    .where(and(eq(sops.businessId, businessId), eq(sops.status, "active"), isNull(sops.archivedAt)))
    .orderBy(sql`${sops.reviewedOn} asc nulls first`, asc(sops.id))
    .limit(1);
  return row;
}

/** The active policy whose review date comes first. */
export async function policyDueForReview(db: Db, businessId: string) {
  const [row] = await db
    .select()
    .from(policies)
    .where(
      and(eq(policies.businessId, businessId), eq(policies.status, "active"), isNull(policies.archivedAt)),
    )
    .orderBy(sql`${policies.reviewOn} asc nulls last`, asc(policies.id))
    .limit(1);
  return row;
}

/** Active SOPs of a category (case-insensitive), by title. */
export function sopsInCategory(db: Db, businessId: string, category: string, limit: number) {
  return db
    .select({ id: sops.id, title: sops.title })
    .from(sops)
    .where(
      and(
        eq(sops.businessId, businessId),
        eq(sops.status, "active"),
        isNull(sops.archivedAt),
        sql`lower(${sops.category}) = lower(${category})`,
      ),
    )
    .orderBy(asc(sops.title), asc(sops.id))
    .limit(limit);
}

// ── people ─────────────────────────────────────────────────────────────────────────────────────────────

export async function positionById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(positions)
    .where(and(eq(positions.businessId, businessId), eq(positions.id, id)));
  return row;
}

export async function oldestOpenPosition(db: Db, businessId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: positions.id })
    .from(positions)
    .where(
      and(eq(positions.businessId, businessId), eq(positions.isOpen, true), isNull(positions.archivedAt)),
    )
    .orderBy(asc(positions.createdAt), asc(positions.id))
    .limit(1);
  return row?.id;
}

export interface PositionTeamRow {
  holders: number;
  department_size: number;
  employment_type: string | null;
  reports_to: string | null;
}

/**
 * Around a position: active employees holding it, active employees in its department, their most common
 * employment type, and the position title of the manager most of them report to.
 */
export async function positionTeam(
  db: Db,
  businessId: string,
  positionId: string,
  department: string | null,
): Promise<PositionTeamRow> {
  const [row] = await queryRows<PositionTeamRow>(
    db,
    sql`select
          (select count(*)::int from employees e where e.business_id = ${businessId} and e.status = 'active'
             and e.position_id = ${positionId}) as holders,
          (select count(*)::int from employees e where e.business_id = ${businessId} and e.status = 'active'
             and lower(e.department) = lower(${department ?? ""})) as department_size,
          (select e.employment_type from employees e where e.business_id = ${businessId}
             and e.status <> 'terminated' and e.position_id = ${positionId}
           group by e.employment_type order by count(*) desc, e.employment_type limit 1) as employment_type,
          (select p.title from employees e
             join employees m on m.business_id = e.business_id and m.id = e.manager_id
             join positions p on p.business_id = m.business_id and p.id = m.position_id
           where e.business_id = ${businessId} and e.status <> 'terminated' and e.position_id = ${positionId}
           group by p.title order by count(*) desc, p.title limit 1) as reports_to`,
  );
  return row!;
}

// ── marketing ──────────────────────────────────────────────────────────────────────────────────────────

export async function campaignById(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.businessId, businessId), eq(campaigns.id, id)));
  return row;
}

/** Campaigns running on any day of [from, to] (not archived, not paused), ending soonest first. */
export function campaignsRunning(db: Db, businessId: string, from: string, to: string, limit: number) {
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.businessId, businessId),
        isNull(campaigns.archivedAt),
        ne(campaigns.status, "paused"),
        lte(campaigns.startsOn, to),
        or(isNull(campaigns.endsOn), gte(campaigns.endsOn, from)),
      ),
    )
    .orderBy(sql`${campaigns.endsOn} asc nulls last`, asc(campaigns.id))
    .limit(limit);
}

export async function postWithAccount(db: Db, businessId: string, id: string) {
  const [row] = await db
    .select({ post: posts, platform: socialAccounts.platform, handle: socialAccounts.handle })
    .from(posts)
    .leftJoin(
      socialAccounts,
      and(eq(socialAccounts.businessId, posts.businessId), eq(socialAccounts.id, posts.socialAccountId)),
    )
    .where(and(eq(posts.businessId, businessId), eq(posts.id, id)));
  return row;
}

/** The next scheduled post from `now` on. */
export async function nextScheduledPost(db: Db, businessId: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .select({ id: posts.id })
    .from(posts)
    .where(
      and(
        eq(posts.businessId, businessId),
        eq(posts.status, "scheduled"),
        gte(posts.scheduledAt, now),
        isNull(posts.archivedAt),
      ),
    )
    .orderBy(asc(posts.scheduledAt), asc(posts.id))
    .limit(1);
  return row?.id;
}

/** Ideas not yet on the calendar (status idea, no date), oldest first. */
export function undatedIdeas(db: Db, businessId: string, limit: number) {
  return db
    .select({ id: posts.id, body: posts.body })
    .from(posts)
    .where(
      and(
        eq(posts.businessId, businessId),
        eq(posts.status, "idea"),
        isNull(posts.scheduledAt),
        isNull(posts.archivedAt),
      ),
    )
    .orderBy(asc(posts.createdAt), asc(posts.id))
    .limit(limit);
}
