import type { Db } from "../../db/database.js";
import { Problem } from "../../http/problem.js";
import { DEFAULT_POLICY, validatePolicyDocument, type PolicyDocument } from "./document.js";
import { insertPolicyVersion, latestPolicyVersion, policyVersion } from "./store.js";

/** The policy in force, read through a short cache: decisions on a busy day cost no extra query. */
export interface PolicySource {
  active(): Promise<PolicyDocument>;
  version(version: number): Promise<PolicyDocument | null>;
  publish(document: unknown, publishedBy: string, note: string): Promise<PolicyDocument>;
}

const CACHE_MS = 2_000;

export function makePolicySource(db: Db): PolicySource {
  let cached: { policy: PolicyDocument; until: number } | null = null;
  const parse = (document: unknown) => {
    const checked = validatePolicyDocument(document);
    // a stored version was valid when published; failing now is a bug, not the caller's fault
    if (!checked.ok) throw new Error(`stored policy is invalid: ${JSON.stringify(checked.errors)}`);
    return checked.policy;
  };
  return {
    async active() {
      if (cached && cached.until > Date.now()) return cached.policy;
      const row = await latestPolicyVersion(db);
      if (!row) throw new Error("no policy published; start-up publishes the default");
      cached = { policy: parse(row.document), until: Date.now() + CACHE_MS };
      return cached.policy;
    },
    async version(version) {
      const row = await policyVersion(db, version);
      return row ? parse(row.document) : null;
    },
    async publish(document, publishedBy, note) {
      const checked = validatePolicyDocument(document);
      if (!checked.ok) throw new Problem(422, "invalid-policy", "Invalid policy document", `${checked.errors.length} problem(s)`, { errors: checked.errors });
      const latest = await latestPolicyVersion(db);
      const expected = (latest?.version ?? 0) + 1;
      if (checked.policy.version !== expected)
        throw new Problem(409, "conflict", "Policy version conflict", `the next version is ${expected}, the document says ${checked.policy.version}`);
      if (!(await insertPolicyVersion(db, { version: expected, document: checked.policy, note, publishedBy })))
        throw new Problem(409, "conflict", "Policy version conflict", `version ${expected} was published meanwhile`);
      cached = null;
      return checked.policy;
    },
  };
}

/** Publishes the default policy on a database that has none yet. */
export async function ensureDefaultPolicy(db: Db): Promise<void> {
  if (await latestPolicyVersion(db)) return;
  await insertPolicyVersion(db, { version: DEFAULT_POLICY.version, document: DEFAULT_POLICY, note: "default policy", publishedBy: "system" });
}
