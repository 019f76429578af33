"use client";

import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import { type ReactNode, useState } from "react";
import { ApiError, isSignedOut } from "@/components/api/client";
import { Toaster } from "@/components/ui/sonner";
import { TooltipProvider } from "@/components/ui/tooltip";

function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        // A background query answered 401: the session expired while the tab was open.
        if (error instanceof ApiError && error.status === 401 && !isSignedOut()) {
          const here = `${window.location.pathname}${window.location.search}`;
          window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors (403, 404, ...) will not change by retrying.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

// next-themes' anti-flash <script> only needs to run from the server HTML. When React creates it on the
// client (the root re-mounts for some not-found renders) React 19 warns; a non-JS type marks it inert there.
const themeScriptProps = typeof window === "undefined" ? undefined : { type: "application/json" };

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <ThemeProvider
      attribute="class"
      defaultTheme="system"
      enableSystem
      disableTransitionOnChange
      scriptProps={themeScriptProps}
    >
      <QueryClientProvider client={queryClient}>
        <TooltipProvider>
          {children}
          <Toaster position="top-center" closeButton />
        </TooltipProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
