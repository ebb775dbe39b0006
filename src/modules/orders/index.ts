export { OrderInput, ExternalId, checkOrder, orderItemId } from "./model.js";
export { ingestOrder, ingestOrders, type IngestStatus } from "./service.js";
export { loadOrderView, listCustomerOrders, leaderSeesPickupPoint, type OrderView } from "./read.js";
export { orderRoutes } from "./routes.js";
export { lockLinesOfOrder, loadOrderHeader, adjustClaims, type LockedLine } from "./claim-lines.js";
