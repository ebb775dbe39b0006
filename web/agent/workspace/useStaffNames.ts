import { useSession } from "../../shared/session";
import { useNotes, useTeamOwners } from "./queries";
import type { Viewer } from "./usePresence";

/**
 * Names for the staff ids a case's timeline shows ("staff:S-…"), from what the API already told
 * this screen: me, the notes' authors, the team queue's owners and who is viewing now.
 */
export function useStaffNames(caseId: string, others: Viewer[]): (staffId: string | null | undefined) => string | null {
  const me = useSession()?.user;
  const notes = useNotes(caseId);
  const team = useTeamOwners(true);
  const names = new Map<string, string>();
  for (const row of team.data?.cases ?? []) if (row.ownerId && row.ownerName) names.set(row.ownerId, row.ownerName);
  for (const n of notes.data?.notes ?? []) if (n.authorId && n.authorName) names.set(n.authorId, n.authorName);
  for (const v of others) names.set(v.staffId, v.name);
  if (me) names.set(me.id, me.name);
  return (staffId) => (staffId ? (names.get(staffId) ?? null) : null);
}
