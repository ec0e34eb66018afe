/** Proposals nobody decided on in time expire, and their threads are told; run by the action worker's sweep. */
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { aiActions } from "../../db/schema/core.js";
import { withBusiness } from "../../db/tenancy.js";
import { type ActionCard, toCard } from "./card.js";
import { auditTransition } from "./decide.js";
import { announce, outcomeText, recordOutcome } from "./notify.js";

export async function expireStale(
  db: Db,
  businessId: string,
  now: Date,
  appRole?: string,
): Promise<ActionCard[]> {
  const expired = await withBusiness(db, { businessId, appRole }, async (tx) => {
    const rows = await tx
      .update(aiActions)
      .set({ status: "expired", updatedAt: now })
      .where(
        and(
          eq(aiActions.businessId, businessId),
          eq(aiActions.status, "proposed"),
          lt(aiActions.expiresAt, now),
        ),
      )
      .returning();
    const cards = rows.map(toCard);
    for (const card of cards) {
      await auditTransition(tx, businessId, card, "system", null);
      await recordOutcome(tx, businessId, card, outcomeText(card));
    }
    return cards;
  });
  for (const card of expired) announce({ businessId, card, text: outcomeText(card) });
  return expired;
}
