import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { ApiProblem } from "./shared/api";
import { router } from "./router";
import { session } from "./shared/session";
import "./shared/i18n";
import "./shared/base.css";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // a refused or missing resource will not appear by asking again; a network blip may
      retry: (failures, error) => failures < 2 && (!(error instanceof ApiProblem) || error.status === 0 || error.status >= 500),
      refetchOnWindowFocus: true,
      staleTime: 5_000,
    },
    mutations: { retry: false },
  },
});

// one person's cached cases, views and queue never show to the next person on this screen
let signedIn = session.token();
session.subscribe(() => {
  if (session.token() !== signedIn) queryClient.clear();
  signedIn = session.token();
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
