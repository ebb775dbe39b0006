import { useCallback, useEffect, useRef, useState } from "react";

/**
 * State that survives a failed request, a reload and an expired session: what a person typed is
 * kept in this tab's sessionStorage under `key` until `clear()` (call it after the server accepted it).
 */
export function useDraft<T>(key: string, initial: T): [T, (next: T | ((previous: T) => T)) => void, () => void] {
  const storageKey = `anxin.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as T) : initial;
    } catch {
      return initial;
    }
  });
  const initialRef = useRef(initial);
  useEffect(() => {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(value));
    } catch {
      // storage full or blocked: the state still lives in memory
    }
  }, [storageKey, value]);
  const clear = useCallback(() => {
    sessionStorage.removeItem(storageKey);
    setValue(initialRef.current);
  }, [storageKey]);
  return [value, setValue, clear];
}
