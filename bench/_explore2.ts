import { openDatabase } from "../src/db/database.js";
import { makeCredentials } from "../src/modules/people/credentials.js";
import { buildClaims, claimBody } from "./dataset.js";
import { startServers } from "./http-load.js";
const url = "postgres://postgres@127.0.0.1:5432/anxin_bench";
const h = await openDatabase({ url });
const secret = "bench-secret-123456789012345678901234";
const cred = makeCredentials(h.db, new TextEncoder().encode(secret));
const rows = await h.db.selectFrom("order_items as i").innerJoin("orders as o","o.id","i.order_id").select(["i.id","i.order_id","i.line_no","o.customer_id"]).where("i.claimed_quantity","=",0).limit(5).execute();
const s = await startServers(1, { DATABASE_URL: url, LOG_LEVEL: "warn", ANXIN_TOKEN_SECRET: secret, ANXIN_EVIDENCE_DIR: "/tmp/benchx/ev" });
for (const [i, r] of rows.entries()) {
  const { token } = await cred.issueCustomerToken(r.customer_id);
  const body = { orderId: r.order_id, items: [{ lineNo: r.line_no, quantity: 1 }], problemType: i % 2 ? "changed_mind" : "not_delivered", wantedResolution: i%2 ? "return_refund" : "refund_only", description: "", evidenceIds: [], answers: i%2 ? { opened: false, sealIntact: true } : {} };
  const res = await fetch(s.urls[0] + "/api/v1/cases", { method: "POST", headers: { authorization: `Bearer ${token}`, "idempotency-key": `k-explore-${i}-${Date.now()}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  console.log(res.status, text.length, i === 0 ? text : JSON.parse(text).state);
}
await s.stop();
await h.close();
