import { createHash, createSecretKey, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Db } from "../../db/database.js";
import { isStaffRole, type Principal, type StaffPrincipal } from "./model.js";

const TOKEN_ISSUER = "anxin";
const CUSTOMER_TOKEN_TTL_SECONDS = 30 * 24 * 3600;
/** A working day and then some: staff log in again each shift. */
export const STAFF_SESSION_TTL_SECONDS = 12 * 3600;
/** How long a verified staff session is trusted before it is looked up again (logout takes effect within this). */
const SESSION_CACHE_MS = 5_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Creates an integrator API key; the plain key is returned once and only its hash is kept. */
export async function createApiKey(db: Db, name: string): Promise<{ id: string; key: string }> {
  const id = `key_${randomBytes(6).toString("hex")}`;
  const key = `ak_${randomBytes(24).toString("base64url")}`;
  await db.insertInto("api_keys").values({ id, name, key_hash: sha256(key), role: "integrator" }).execute();
  return { id, key };
}

/**
 * Verifies callers. API keys are looked up by hash and remembered briefly, so a busy
 * integrator does not cost a query per request; a revoked key stops working within a minute.
 */
export function makeCredentials(db: Db, secretBytes: Uint8Array, now: () => Date = () => new Date()) {
  // imported once: jose would import raw bytes again on every verification
  const secret = createSecretKey(secretBytes);
  const keyCache = new Map<string, { principal: Principal | null; until: number }>();

  async function verifyApiKey(key: string): Promise<Principal | null> {
    const hash = sha256(key);
    const cached = keyCache.get(hash);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await db
      .selectFrom("api_keys")
      .select(["id", "name"])
      .where("key_hash", "=", hash)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    const principal: Principal | null = row ? { kind: "integrator", keyId: row.id, name: row.name } : null;
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(hash, { principal, until: Date.now() + 60_000 });
    return principal;
  }

  /** A customer may hold a token before their first order arrives; they exist from then on. */
  async function issueCustomerToken(customerId: string): Promise<{ token: string; expiresAt: string }> {
    await db.insertInto("customers").values({ id: customerId }).onConflict((oc) => oc.column("id").doNothing()).execute();
    const iat = Math.floor(now().getTime() / 1000);
    const exp = iat + CUSTOMER_TOKEN_TTL_SECONDS;
    const token = await new SignJWT({ role: "customer" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(customerId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(secret);
    return { token, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** A token for one staff session; the session row decides whether it is still good. */
  async function issueStaffToken(staffId: string, sessionId: string, expiresAt: Date): Promise<string> {
    return new SignJWT({ role: "staff", sid: sessionId })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(staffId)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt(Math.floor(now().getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(secret);
  }

  const sessionCache = new Map<string, { principal: StaffPrincipal | null; until: number }>();

  /**
   * The staff member behind a session, read fresh (role, scope, disabled) so that a change of
   * role or a logout applies within seconds, not at the token's expiry.
   */
  async function staffOfSession(sessionId: string, staffId: string): Promise<StaffPrincipal | null> {
    const cached = sessionCache.get(sessionId);
    if (cached && cached.until > Date.now()) return cached.principal;
    const row = await db
      .selectFrom("staff_sessions as s")
      .innerJoin("staff as st", "st.id", "s.staff_id")
      .select(["st.id", "st.name", "st.role", "st.leader_id", "st.supplier_id", "st.warehouse_id"])
      .where("s.id", "=", sessionId)
      .where("s.staff_id", "=", staffId)
      .where("s.revoked_at", "is", null)
      .where("s.expires_at", ">", now())
      .where("st.disabled_at", "is", null)
      .executeTakeFirst();
    const principal: StaffPrincipal | null =
      row && isStaffRole(row.role)
        ? { kind: "staff", staffId: row.id, role: row.role, name: row.name, leaderId: row.leader_id, supplierId: row.supplier_id, warehouseId: row.warehouse_id, sessionId }
        : null;
    if (sessionCache.size > 10_000) sessionCache.clear();
    sessionCache.set(sessionId, { principal, until: Date.now() + SESSION_CACHE_MS });
    return principal;
  }

  async function verifyToken(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: TOKEN_ISSUER, algorithms: ["HS256"], currentDate: now() });
      if (typeof payload.sub !== "string") return null;
      if (payload.role === "customer") return { kind: "customer", customerId: payload.sub };
      if (payload.role === "staff" && typeof payload.sid === "string") return staffOfSession(payload.sid, payload.sub);
      return null;
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return null;
      throw e;
    }
  }

  /** Forgets a session at once in this process (logout); other processes forget it within seconds. */
  const forgetSession = (sessionId: string) => void sessionCache.delete(sessionId);

  /** Forgets every cached session of a member of staff (disabled, new password). */
  const forgetStaff = (staffId: string) => {
    for (const [sid, entry] of sessionCache) if (entry.principal?.staffId === staffId) sessionCache.delete(sid);
  };

  return { verifyApiKey, issueCustomerToken, issueStaffToken, verifyToken, forgetSession, forgetStaff };
}
export type Credentials = ReturnType<typeof makeCredentials>;

/** The installation's token-signing secret: ANXIN_TOKEN_SECRET, or one made once and kept in the database. */
export async function loadSigningSecret(db: Db, fromEnv: string | undefined): Promise<Uint8Array> {
  if (fromEnv) return new TextEncoder().encode(fromEnv);
  const fresh = randomBytes(32).toString("base64url");
  await db.insertInto("settings").values({ key: "token_secret", value: fresh }).onConflict((oc) => oc.column("key").doNothing()).execute();
  const row = await db.selectFrom("settings").select("value").where("key", "=", "token_secret").executeTakeFirstOrThrow();
  return new TextEncoder().encode(row.value);
}
