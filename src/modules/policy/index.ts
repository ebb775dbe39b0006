export * from "./model.js";
export { DEFAULT_POLICY, validatePolicyDocument, type PolicyDocument } from "./document.js";
export { decide } from "./decide.js";
export { questionsFor } from "./questions.js";
export { makePolicySource, ensureDefaultPolicy, type PolicySource } from "./service.js";
export { policyRoutes } from "./routes.js";
