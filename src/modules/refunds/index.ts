export { requestRefund, settleRefund, submitDueRefunds, startRefundWorker, type OnRefundGaveUp, type OnRefundPaid, type RefundWorkerDeps } from "./service.js";
export { simulatedGateway, type PaymentGateway, type RefundResult, type SimulatedGateway } from "./gateway.js";
export { refundsOfCase, ledgerOfCase, refundById, listRefunds, type RefundListRow } from "./store.js";
export { GATEWAY_MAX_ATTEMPTS, REFUND_STATES, type RefundState } from "./model.js";
