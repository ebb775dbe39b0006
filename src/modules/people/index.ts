export * from "./model.js";
export { createApiKey, loadSigningSecret, makeCredentials, type Credentials } from "./credentials.js";
export { createStaff, login, logout, staffView, updateStaff, type NewStaff, type PeopleDeps, type StaffChange } from "./service.js";
export { peopleRoutes } from "./routes.js";
export { staffById, type StaffRow } from "./store.js";
