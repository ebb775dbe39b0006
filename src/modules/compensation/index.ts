export { grantCompensation, recordRefundPaid, customerCompensation, trialBalance } from "./service.js";
export { assignLiability, liabilityOfCase, type LiabilityDeps, type LiabilityView, type LoadLiabilityCase } from "./liability.js";
export { settle, statements, type Statement, type SettlementInput } from "./statements.js";
export {
  GRANT_KINDS,
  PARTY_TYPES,
  grantKindOf,
  suggestLiability,
  type GrantKind,
  type PartyType,
  type PartyShare,
  type LiabilityCase,
} from "./model.js";
