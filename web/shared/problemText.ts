import { useTranslation } from "react-i18next";
import { ApiProblem } from "./api";

/** What a failed request says to a person: the problem's detail, or that the network is down. */
export function useProblemText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof ApiProblem) return error.status === 0 ? t("networkError") : `${error.title}${error.detail ? `: ${error.detail}` : ""}`;
    return error instanceof Error ? error.message : String(error);
  };
}
