export { requestRefund, settleRefund, submitDueRefunds, startRefundWorker, type OnRefundPaid, type RefundWorkerDeps } from "./service.js";
export { simulatedGateway, type PaymentGateway, type RefundResult, type SimulatedGateway } from "./gateway.js";
export { refundsOfCase, ledgerOfCase } from "./store.js";
