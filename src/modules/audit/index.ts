export { auditWrites } from "./service.js";
export { auditRoutes } from "./routes.js";
export { appendAudit, type AuditEntry } from "./store.js";
