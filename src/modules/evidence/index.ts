export { localDiskStorage, type EvidenceStorage } from "./storage.js";
export { storePhoto, readPhoto, PHOTO_TYPES } from "./service.js";
export { evidenceRoutes } from "./routes.js";
