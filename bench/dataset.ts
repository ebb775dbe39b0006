import { createHash } from "node:crypto";
import type { Db, DatabaseHandle } from "../src/db/database.js";
import { generateDemoOrders } from "../src/demo/generator.js";
import { createRng } from "../src/demo/random.js";
import { importOrders } from "../src/modules/orders/import.js";
import { makeCredentials } from "../src/modules/people/credentials.js";
import type { Answers, ProblemType, Resolution } from "../src/modules/policy/index.js";
import type { PreparedRequest } from "./http-load.js";

/**
 * The benchmark's data: demo orders placed over the last few days, and claims on distinct,
 * unclaimed order lines with a realistic mix of problem types. Claims that need a photo get
 * an evidence row of their customer, as if it had been uploaded before the claim.
 */

const DAY_MS = 86_400_000;

/** One claim to file: one unit of one order line. */
export interface BenchClaim {
  /** 1-based, unique in the run */
  n: number;
  orderId: string;
  lineNo: number;
  itemId: string;
  customerId: string;
  problemType: ProblemType;
  wantedResolution: Resolution;
  description: string;
  evidenceIds: string[];
  answers: Answers;
}

/** A kind of claim and how often customers file it. */
interface ClaimKind {
  weight: number;
  problemType: ProblemType;
  wantedResolution: Resolution;
  photo: boolean;
  description: string;
  answers: Answers;
}

/** Roughly what a group-buying help desk sees: mostly produce gone bad or broken in transit. */
const MIX: ClaimKind[] = [
  { weight: 30, problemType: "spoiled", wantedResolution: "refund_only", photo: true, description: "提货回家打开发现有几个已经烂了，有异味", answers: { spoiledShare: "some", storedAsInstructed: true } },
  { weight: 20, problemType: "damaged", wantedResolution: "refund_only", photo: true, description: "", answers: { foundWhen: "at_pickup", packagingDamaged: true } },
  { weight: 15, problemType: "not_delivered", wantedResolution: "refund_only", photo: false, description: "团长说没有到货", answers: {} },
  { weight: 20, problemType: "changed_mind", wantedResolution: "return_refund", photo: false, description: "", answers: { opened: false, sealIntact: true } },
  { weight: 10, problemType: "poor_quality", wantedResolution: "partial_refund", photo: false, description: "口感很差，和描述的不一样，太酸了", answers: { aspect: "taste" } },
  { weight: 5, problemType: "short_weight", wantedResolution: "partial_refund", photo: true, description: "", answers: { labelledGrams: 500, weighedGrams: 430 } },
];

/** Loads `orders` demo orders placed over the last `days` days up to `now`, through importOrders (COPY on PostgreSQL). */
export async function loadOrders(handle: DatabaseHandle, options: { orders: number; days: number; now: Date; databaseUrl?: string; seed?: number }) {
  const startDate = new Date(options.now.getTime() - (options.days - 1) * DAY_MS).toISOString().slice(0, 10);
  const source = generateDemoOrders({ seed: options.seed ?? 2026, orders: options.orders, days: options.days, startDate, asOf: options.now });
  return importOrders(handle, source, options.databaseUrl ? { databaseUrl: options.databaseUrl } : {});
}

/**
 * Picks every unclaimed order line in a fixed pseudo-random order and turns each into a claim
 * of one unit; inserts the evidence rows the photo claims point at. Claims are numbered from 1.
 */
export async function buildClaims(handle: DatabaseHandle, seed = 7): Promise<BenchClaim[]> {
  const { db } = handle;
  const lines = await db
    .selectFrom("order_items as i")
    .innerJoin("orders as o", "o.id", "i.order_id")
    .select(["i.id", "i.order_id", "i.line_no", "o.customer_id"])
    .where("i.claimed_quantity", "=", 0)
    .execute();
  const key = (id: string) => createHash("md5").update(`${seed}:${id}`).digest("hex");
  const shuffled = lines.map((l) => ({ l, k: key(l.id) })).sort((a, b) => (a.k < b.k ? -1 : 1)).map((x) => x.l);
  const rng = createRng(seed);
  const total = MIX.reduce((s, k) => s + k.weight, 0);
  const claims = shuffled.map((l, i): BenchClaim => {
    let roll = rng.next() * total;
    const kind = MIX.find((k) => (roll -= k.weight) < 0) ?? MIX[0]!;
    const n = i + 1;
    return {
      n,
      orderId: l.order_id,
      lineNo: l.line_no,
      itemId: l.id,
      customerId: l.customer_id,
      problemType: kind.problemType,
      wantedResolution: kind.wantedResolution,
      description: kind.description,
      evidenceIds: kind.photo ? [`ev_bench_${n}`] : [],
      answers: kind.answers,
    };
  });
  const evidence = claims
    .filter((c) => c.evidenceIds.length)
    .map((c) => ({ id: c.evidenceIds[0]!, customer_id: c.customerId, mime: "image/jpeg", bytes: 182_344, sha256: key(c.evidenceIds[0]!).repeat(2), storage_key: `bench/${c.evidenceIds[0]!}.jpg` }));
  for (let i = 0; i < evidence.length; i += 5000) await db.insertInto("evidence").values(evidence.slice(i, i + 5000)).execute();
  return claims;
}

/** The body of POST /api/v1/cases for a claim. */
export function claimBody(c: BenchClaim) {
  return {
    orderId: c.orderId,
    items: [{ lineNo: c.lineNo, quantity: 1 }],
    problemType: c.problemType,
    wantedResolution: c.wantedResolution,
    description: c.description,
    evidenceIds: c.evidenceIds,
    answers: c.answers,
  };
}

/** How many claims of each problem type. */
export function mixOf(claims: BenchClaim[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of claims) counts[c.problemType] = (counts[c.problemType] ?? 0) + 1;
  return counts;
}

/**
 * The HTTP requests for the claims: a customer token (signed with `secret`, as the server
 * will verify it) per customer, a unique Idempotency-Key per claim, the JSON body.
 */
export async function prepareRequests(db: Db, claims: BenchClaim[], secret: string, keyPrefix: string): Promise<PreparedRequest[]> {
  const credentials = makeCredentials(db, new TextEncoder().encode(secret));
  const tokens = new Map<string, string>();
  const requests: PreparedRequest[] = [];
  for (const c of claims) {
    let token = tokens.get(c.customerId);
    if (!token) {
      token = (await credentials.issueCustomerToken(c.customerId)).token;
      tokens.set(c.customerId, token);
    }
    requests.push({
      headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": `bench-${keyPrefix}-${c.n}` },
      body: JSON.stringify(claimBody(c)),
    });
  }
  return requests;
}
