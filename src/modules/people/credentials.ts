import { createHash, createSecretKey, randomBytes } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import type { Db } from "../../db/database.js";
import type { Principal } from "./model.js";

const TOKEN_ISSUER = "anxin";
const CUSTOMER_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

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

  async function verifyToken(token: string): Promise<Principal | null> {
    try {
      const { payload } = await jwtVerify(token, secret, { issuer: TOKEN_ISSUER, algorithms: ["HS256"], currentDate: now() });
      if (payload.role === "customer" && typeof payload.sub === "string") return { kind: "customer", customerId: payload.sub };
      return null;
    } catch (e) {
      if (e instanceof joseErrors.JOSEError) return null;
      throw e;
    }
  }

  return { verifyApiKey, issueCustomerToken, verifyToken };
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
