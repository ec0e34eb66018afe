/**
 * Global search over every text-bearing table: full-text on the generated `search` tsvector columns and
 * trigram similarity on names, fused by reciprocal rank (RRF). Callers choose which tables may be searched.
 */
import { getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { type Db, queryRows } from "../client.js";

/** A table the caller may search, and the record type its hits are reported as. */
export interface SearchSource {
  type: string;
  table: PgTable;
  /** camelCase keys of the columns a label is built from (returned as `label` for the caller to format). */
  labelColumns: readonly string[];
  /** Extra condition on the table's rows the caller may see (e.g. insights about modules the role may read). */
  scope?: SQL;
}

/** RRF constant: a hit ranked r in one list scores 1 / (k + r). 60 is the usual choice. */
const RRF_K = 60;
/** Full-text matches read per table before ranking: bounds the work when a word matches most of a big table. */
const FTS_CANDIDATES = 500;

/**
 * Names matched by trigram similarity, per table: `columns` filter (`col % q` or `q <% col`, the forms a
 * `gin_trgm_ops` index on the plain column serves) and `rank` orders, default the best column. Person names rank
 * on the full name; the concatenation is not a filter because `||` is not leakproof, so under RLS an index on it
 * would never be used.
 */
const TRIGRAM_NAMES: Record<string, { columns: readonly string[]; rank?: string }> = {
  customers: { columns: ["name"] },
  vendors: { columns: ["name"] },
  contacts: { columns: ["first_name", "last_name"], rank: "first_name || coalesce(' ' || last_name, '')" },
  employees: { columns: ["first_name", "last_name"], rank: "first_name || coalesce(' ' || last_name, '')" },
  inventory_items: { columns: ["name", "sku"] },
  leads: { columns: ["name", "company"] },
  deals: { columns: ["name"] },
};

/** The tables that have a generated `search` column. */
export function hasSearchVector(table: PgTable): boolean {
  return "search" in getTableColumns(table);
}

/** The text columns a table's search vector is built from (read off its generated expression), for snippets. */
function documentColumns(table: PgTable): string[] {
  const col = getTableColumns(table).search as (PgColumn & { generated?: { as: unknown } }) | undefined;
  const as = col?.generated?.as;
  const expr = typeof as === "function" ? (as as () => SQL)() : as;
  const text = (expr as SQL | undefined)?.queryChunks
    .map((c) => (c as { value?: string[] }).value?.join("") ?? "")
    .join("");
  return [...(text ?? "").matchAll(/coalesce\((\w+)::text/g)].map((m) => m[1]!);
}

const notArchived = (table: PgTable) =>
  "archivedAt" in getTableColumns(table) ? sql` and archived_at is null` : sql``;
const scoped = (s: SearchSource) => (s.scope ? sql` and (${s.scope})` : sql``);

export interface SearchHit {
  type: string;
  id: string;
  score: number;
  /** Position in the full-text list (1 = best), null when only the name matched. */
  textRank: number | null;
  /** Position in the trigram name list, null when no name matched. */
  nameRank: number | null;
}

/**
 * The best `limit` records across `sources`, by RRF over two lists: full-text (ts_rank, weight A = title/name)
 * and name similarity (max of similarity and word_similarity). Archived records are left out.
 */
export async function searchRecords(
  db: Db,
  p: { businessId: string; q: string; sources: readonly SearchSource[]; limit: number },
): Promise<SearchHit[]> {
  if (p.sources.length === 0) return [];
  const tsq = sql`websearch_to_tsquery('english', ${p.q})`;
  const fts = p.sources.map(
    (s) => sql`(select ${s.type}::text as type, x.id, ts_rank(x.search, ${tsq}) as rank
      from (select id, search from ${s.table} where business_id = ${p.businessId}${notArchived(s.table)}${scoped(s)}
            and search @@ ${tsq} limit ${FTS_CANDIDATES}) x
      order by rank desc, x.id limit ${p.limit})`,
  );
  const trg = p.sources.flatMap((s) => {
    const names = TRIGRAM_NAMES[getTableName(s.table)];
    if (!names) return [];
    const match = sql.join(
      names.columns.map((c) => sql`${sql.identifier(c)} % ${p.q} or ${p.q} <% ${sql.identifier(c)}`),
      sql` or `,
    );
    const ranked = names.rank ? [sql.raw(`(${names.rank})`)] : names.columns.map((c) => sql.identifier(c));
    const sim = sql.join(
      ranked.map((n) => sql`similarity(${n}, ${p.q}), word_similarity(${p.q}, ${n})`),
      sql`, `,
    );
    return [
      sql`(select ${s.type}::text as type, id, greatest(${sim}) as sim from ${s.table}
        where business_id = ${p.businessId}${notArchived(s.table)}${scoped(s)} and (${match})
        order by sim desc, id limit ${p.limit})`,
    ];
  });
  return queryRows<SearchHit>(
    db,
    sql`with fts as (${sql.join(fts, sql` union all `)}),
      trg as (${trg.length ? sql.join(trg, sql` union all `) : sql`select null::text as type, null::text as id, 0::real as sim where false`}),
      fr as (select type, id, row_number() over (order by rank desc, type, id) as r from fts),
      tr as (select type, id, row_number() over (order by sim desc, type, id) as r from trg)
    select coalesce(fr.type, tr.type) as type, coalesce(fr.id, tr.id) as id,
      (coalesce(1.0 / (${RRF_K} + fr.r), 0) + coalesce(1.0 / (${RRF_K} + tr.r), 0))::float8 as score,
      fr.r::int as "textRank", tr.r::int as "nameRank"
    from fr full join tr on fr.type = tr.type and fr.id = tr.id
    order by score desc, coalesce(fr.r, tr.r), 2
    limit ${p.limit}`,
  );
}

export interface HitDetail {
  id: string;
  /** The label columns (camelCase keys) for the caller to format. */
  label: Record<string, unknown>;
  /** ts_headline of the record's searchable text, matches wrapped in «…». */
  snippet: string;
}

const HEADLINE_OPTIONS =
  'MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", StartSel=«, StopSel=»';

/** Label columns and a highlighted snippet for the given hits (one query for all their tables). */
export async function searchDetails(
  db: Db,
  p: { businessId: string; q: string; hits: readonly { source: SearchSource; id: string }[] },
): Promise<HitDetail[]> {
  const bySource = new Map<SearchSource, string[]>();
  for (const h of p.hits) bySource.set(h.source, [...(bySource.get(h.source) ?? []), h.id]);
  if (bySource.size === 0) return [];
  const tsq = sql`websearch_to_tsquery('english', ${p.q})`;
  const parts = [...bySource].map(([s, ids]) => {
    const cols = getTableColumns(s.table) as Record<string, PgColumn>;
    const label = sql.join(
      s.labelColumns.filter((k) => cols[k]).map((k) => sql`${k}::text, ${sql.identifier(cols[k]!.name)}`),
      sql`, `,
    );
    const doc = sql.join(
      documentColumns(s.table).map((c) => sql`${sql.identifier(c)}::text`),
      sql`, `,
    );
    return sql`select id, json_build_object(${label}) as label,
        ts_headline('english', concat_ws(' · ', ${doc}), ${tsq}, ${HEADLINE_OPTIONS}) as snippet
      from ${s.table} where business_id = ${p.businessId}
        and id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`;
  });
  return queryRows<HitDetail>(db, sql.join(parts, sql` union all `));
}
