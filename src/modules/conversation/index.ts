export { MESSAGE_AUTHORS, CASE_VARIABLES, SCRIPT_AUDIENCES, renderScript, type MessageView, type Side } from "./model.js";
export { postMessage, readConversation, markConversationRead, type ConversationDeps, type MessageInput } from "./service.js";
export { makeCaseStream, type CaseStream, type StreamClient } from "./stream.js";
export { conversationRoutes } from "./routes.js";
export { streamRoutes } from "./stream-routes.js";
