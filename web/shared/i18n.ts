import i18next from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { domainStrings } from "./domain-locales";
import { common } from "./locales";

export type Language = "zh" | "en";
const KEY = "anxin.lang";

/** zh-CN by default; English when the person chose it (kept in this browser). */
function initialLanguage(): Language {
  const stored = localStorage.getItem(KEY);
  return stored === "en" ? "en" : "zh";
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: "zh",
  defaultNS: "common",
  ns: ["common", "domain"],
  resources: { zh: { common: common.zh, domain: domainStrings.zh }, en: { common: common.en, domain: domainStrings.en } },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
document.documentElement.lang = i18n.language === "en" ? "en" : "zh-CN";

type Strings = { [key: string]: string | Strings };

/** Each audience's folder registers its strings under its own namespace when it loads. */
export function registerStrings(namespace: string, strings: { zh: Strings; en: Strings }) {
  i18n.addResourceBundle("zh", namespace, strings.zh, true, true);
  i18n.addResourceBundle("en", namespace, strings.en, true, true);
}

export function setLanguage(language: Language) {
  localStorage.setItem(KEY, language);
  document.documentElement.lang = language === "en" ? "en" : "zh-CN";
  void i18n.changeLanguage(language);
}

/** The current language, re-rendering when it changes. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return instance.language === "en" ? "en" : "zh";
}

/** Picks the side of a bilingual API text ({zh, en}) for the current language. */
export function useBilingual(): (text: { zh: string; en: string } | null | undefined) => string {
  const language = useLanguage();
  return (text) => (text ? text[language] : "");
}
