import { useEffect, useRef } from "react";
import { useQueryClient } from "@tanstack/react-query";

/**
 * A function that reloads the queries under `key`, at most once per `ms`: a burst of stream
 * events (a case filed, decided and assigned within a second) costs one request, not ten.
 */
export function useDebouncedInvalidate(key: readonly unknown[], ms = 400): () => void {
  const client = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const keyRef = useRef(key);
  useEffect(() => {
    keyRef.current = key;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void client.invalidateQueries({ queryKey: keyRef.current });
    }, ms);
  };
}
