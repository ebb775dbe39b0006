import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiProblem, api, call } from "../shared/api";
import { useProblemText } from "../shared/problemText";
import { homeOf, session, type Role } from "../shared/session";

/**
 * Logs a member of staff in and answers where they work (or the page they were sent from);
 * `failure` says why the last try failed: wrong credentials alike, anything else as the server put it.
 */
export function useStaffLogin() {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const mutation = useMutation({
    mutationFn: async (input: { login: string; password: string }) => {
      const answer = await call(api.POST("/api/v1/auth/login", { body: input }));
      const { staff } = answer;
      const role = staff.role as Role;
      session.signIn(answer.token, { role, id: staff.id, name: staff.name, login: staff.login, leaderId: staff.leaderId, warehouseId: staff.warehouseId, supplierId: staff.supplierId }, answer.expiresAt);
      return role;
    },
  });
  const { error } = mutation;
  const refused = error instanceof ApiProblem && (error.status === 401 || error.status === 400 || error.status === 422);
  return { ...mutation, failure: refused ? t("login.failed") : error ? problemText(error) : null };
}

/** The page a login returns to: ?next= if it is one of ours, else the role's home. */
export function afterLogin(role: Role): string {
  const next = new URLSearchParams(location.search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : homeOf(role);
}
