import { useSyncExternalStore } from "react";

/** Who is using the app: a member of staff (logged in) or a customer (token handed over by the platform). */
export type Role = "customer" | "leader" | "agent" | "supervisor" | "warehouse" | "finance" | "supplier_quality" | "ops_admin" | "integrator";

export interface SessionUser {
  role: Role;
  /** staff id, or the customer's id */
  id: string;
  name: string;
  login?: string;
  leaderId?: string | null;
  warehouseId?: string | null;
  supplierId?: string | null;
}

export interface SessionState {
  token: string;
  user: SessionUser;
  expiresAt?: string;
}

const KEY = "anxin.session";
const listeners = new Set<() => void>();
let current: SessionState | null = read();
/** set when the server refused the token: the login screen says why */
let expiredNotice = false;

function read(): SessionState | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as SessionState) : null;
  } catch {
    return null;
  }
}

function publish(next: SessionState | null) {
  current = next;
  if (next) localStorage.setItem(KEY, JSON.stringify(next));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l();
}

/** Decodes a JWT's claims without checking it (the server checks; the app only reads who it is for). */
function claimsOf(token: string): Record<string, unknown> | null {
  try {
    const payload = token.split(".")[1];
    if (!payload) return null;
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export const session = {
  token: () => current?.token ?? null,
  user: () => current?.user ?? null,
  /** a staff login's answer */
  signIn(token: string, user: SessionUser, expiresAt?: string) {
    expiredNotice = false;
    publish({ token, user, ...(expiresAt ? { expiresAt } : {}) });
  },
  /**
   * A customer arrives from the group-buying platform with a token in the address
   * (`/m/customer#token=…`, as an embedded H5 page does); the fragment never reaches a server log.
   */
  adoptCustomerToken(token: string): boolean {
    const claims = claimsOf(token);
    if (!claims || claims.role !== "customer" || typeof claims.sub !== "string") return false;
    const exp = typeof claims.exp === "number" ? new Date(claims.exp * 1000).toISOString() : undefined;
    session.signIn(token, { role: "customer", id: claims.sub, name: claims.sub }, exp);
    return true;
  },
  signOut() {
    publish(null);
  },
  /** the server answered 401 to our token */
  expired() {
    expiredNotice = true;
    publish(null);
  },
  wasExpired: () => expiredNotice,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// another tab logged in or out
window.addEventListener("storage", (e) => {
  if (e.key === KEY) {
    current = read();
    for (const l of listeners) l();
  }
});

/** The signed-in user, re-rendering on login and logout. */
export function useSession(): SessionState | null {
  return useSyncExternalStore(session.subscribe, () => current);
}

/** Where each role works. */
export function homeOf(role: Role): string {
  switch (role) {
    case "customer":
      return "/m/customer";
    case "leader":
      return "/m/leader";
    case "ops_admin":
      return "/desk/ops";
    case "agent":
    case "supervisor":
    case "warehouse":
    case "finance":
    case "supplier_quality":
    case "integrator":
      return "/desk/agent";
  }
}
