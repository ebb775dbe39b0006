import { randomBytes } from "node:crypto";
import { Type, type Static, type TSchema } from "typebox";
import { Value } from "typebox/value";
import type { Db } from "../../db/database.js";
import { Problem, invalid, notFound } from "../../http/problem.js";
import type { Principal } from "../people/index.js";
import { TaskQuery } from "../tasks/schemas.js";
import { QueueQuery } from "./schemas.js";
import { staffOf } from "./service.js";
import type { SavedViewScreen } from "./tables.js";

/**
 * Saved views: a person's named filters of a staff work list ("my breached refunds"), kept on the
 * server so they follow the person from desk to desk. Each person sees and changes only their own.
 */

/** The screens that have views, and the filters each accepts: its list's query, without paging. */
const FILTERS_OF = {
  queue: Type.Partial(Type.Omit(QueueQuery, ["limit", "cursor"]), { additionalProperties: false }),
  tasks: Type.Partial(Type.Omit(TaskQuery, ["limit"]), { additionalProperties: false }),
} satisfies Partial<Record<SavedViewScreen, TSchema>>;
export type ViewScreen = keyof typeof FILTERS_OF;
export const VIEW_SCREENS = Object.keys(FILTERS_OF) as ViewScreen[];

const Name = Type.String({ minLength: 1, maxLength: 60, pattern: "^\\S(.*\\S)?$", description: "unique per person and screen" });
const Filters = Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), {
  description: "the screen's list query without paging: queue → GET /queue's (view, problemType, state, pickupPointId); tasks → GET /tasks's (department, state, mine)",
});

export const ViewScreenQuery = Type.Object({ screen: Type.Enum(VIEW_SCREENS) }, { additionalProperties: false });
export const ViewIdParams = Type.Object({ viewId: Type.String({ maxLength: 64 }) });
export const NewViewBody = Type.Object({ screen: Type.Enum(VIEW_SCREENS), name: Name, filters: Filters }, { additionalProperties: false });
export const ViewChangeBody = Type.Object({ name: Type.Optional(Name), filters: Type.Optional(Filters) }, { additionalProperties: false, minProperties: 1 });
export const SavedView = Type.Object({
  id: Type.String(),
  screen: Type.String(),
  name: Type.String(),
  filters: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: "date-time" }),
  updatedAt: Type.String({ format: "date-time" }),
});
type SavedViewBody = Static<typeof SavedView>;

export interface ViewDeps {
  db: Db;
  clock: () => Date;
}

/** Filters a screen's list accepts; 422 with the failing fields otherwise. */
function checkFilters(screen: ViewScreen, filters: Record<string, unknown>): Record<string, unknown> {
  const schema = FILTERS_OF[screen];
  if (!Value.Check(schema, filters)) {
    const errors = Value.Errors(schema, filters).map((e) => ({ path: e.instancePath || "/", message: e.message }));
    throw invalid(`these filters are not ones the ${screen} list accepts`, errors);
  }
  return filters;
}

const nameTaken = (name: string) => new Problem(409, "conflict", "Name taken", `you already have a view called ${name} on this screen`);
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "23505";

function toView(r: { id: string; screen: string; name: string; filters: Record<string, unknown>; created_at: Date; updated_at: Date }): SavedViewBody {
  return { id: r.id, screen: r.screen, name: r.name, filters: r.filters, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString() };
}

/** My views of one screen, by name. */
export async function myViews(deps: ViewDeps, p: Principal, screen: ViewScreen): Promise<SavedViewBody[]> {
  const me = staffOf(p);
  const rows = await deps.db.selectFrom("saved_views").selectAll().where("staff_id", "=", me.staffId).where("screen", "=", screen).orderBy("name").orderBy("id").execute();
  return rows.map(toView);
}

export async function createView(deps: ViewDeps, p: Principal, body: Static<typeof NewViewBody>): Promise<SavedViewBody> {
  const me = staffOf(p);
  const filters = checkFilters(body.screen, body.filters);
  const now = deps.clock();
  try {
    const row = await deps.db
      .insertInto("saved_views")
      .values({ id: `view-${randomBytes(8).toString("hex")}`, staff_id: me.staffId, screen: body.screen, name: body.name, filters: JSON.stringify(filters), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(body.name);
    throw e;
  }
}

/** Renames a view of mine or replaces its filters; another person's view is 404, as if absent. */
export async function changeView(deps: ViewDeps, p: Principal, viewId: string, change: Static<typeof ViewChangeBody>): Promise<SavedViewBody> {
  const me = staffOf(p);
  const current = await deps.db.selectFrom("saved_views").select(["screen"]).where("id", "=", viewId).where("staff_id", "=", me.staffId).executeTakeFirst();
  if (!current || !(current.screen in FILTERS_OF)) throw notFound("view", viewId);
  const filters = change.filters ? checkFilters(current.screen as ViewScreen, change.filters) : undefined;
  try {
    const row = await deps.db
      .updateTable("saved_views")
      .set({ ...(change.name ? { name: change.name } : {}), ...(filters ? { filters: JSON.stringify(filters) } : {}), updated_at: deps.clock() })
      .where("id", "=", viewId)
      .where("staff_id", "=", me.staffId)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound("view", viewId);
    return toView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(change.name ?? "");
    throw e;
  }
}

export async function deleteView(deps: ViewDeps, p: Principal, viewId: string): Promise<void> {
  const me = staffOf(p);
  const gone = await deps.db.deleteFrom("saved_views").where("id", "=", viewId).where("staff_id", "=", me.staffId).executeTakeFirst();
  if (gone.numDeletedRows === 0n) throw notFound("view", viewId);
}
