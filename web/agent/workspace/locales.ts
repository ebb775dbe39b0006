import { en } from "./locales-en";
import { zh } from "./locales-zh";

type Strings = { [key: string]: string | Strings };

/** The case workspace's strings (namespace "workspace"), zh-CN first. */
export const workspaceStrings: { zh: Strings; en: Strings } = { zh, en };
