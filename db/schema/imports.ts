/**
 * CSV imports from the admin UI: the uploaded file is kept as a draft job between the preview and the run, so
 * forms carry a job id instead of the whole CSV, and a long import runs in the background with its progress here.
 */
import { index, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { businessColumns, businessTableExtras, enumText, oneOf, tstz } from "./columns.js";
import { businesses, users } from "./core.js";

export const IMPORT_STATUSES = ["draft", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A row that was not imported (1-based line in the file, header = line 1) and why. */
export interface ImportFailure {
  row: number;
  problems: string[];
}

export const importJobs = pgTable(
  "import_jobs",
  {
    ...businessColumns("imp"),
    /** The uploader: only they may see or run a draft. */
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** EntitySpec.type of the records the file holds ("customer"). */
    entityType: text("entity_type").notNull(),
    csvText: text("csv_text").notNull(),
    /** For each CSV column, the write tool field it fills (null = ignored). */
    mapping: jsonb("mapping").$type<(string | null)[]>().notNull().default([]),
    status: enumText("status", IMPORT_STATUSES).notNull().default("draft"),
    /** Data rows in the file. */
    total: integer("total").notNull().default(0),
    /** Rows the run has gone through so far (written, failed or skipped). */
    processed: integer("processed").notNull().default(0),
    createdCount: integer("created_count").notNull().default(0),
    failedCount: integer("failed_count").notNull().default(0),
    /** The first failures (capped, see db/queries/imports.ts); failedCount has them all. */
    failedRows: jsonb("failed_rows").$type<ImportFailure[]>().notNull().default([]),
    /** The first records created, for links on the result page. */
    createdIds: jsonb("created_ids").$type<{ row: number; id: string }[]>().notNull().default([]),
    /** Why the whole run stopped (a crash or an interrupted process); row problems are in failedRows. */
    error: text("error"),
    finishedAt: tstz("finished_at"),
  },
  (t) => [
    ...businessTableExtras("import_jobs", t, businesses.id),
    index("import_jobs_user_idx").on(t.businessId, t.userId, t.createdAt),
    oneOf("import_jobs_status_check", t.status, IMPORT_STATUSES),
  ],
);
