"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, errorMessage, markSignedOut } from "@/components/api/client";

export function useSignOut({ redirectTo = "/sign-in" }: { redirectTo?: string } = {}) {
  return useMutation({
    mutationFn: () => api<{ ok: true }>("/api/auth/sign-out", { method: "POST" }),
    onSuccess: () => {
      markSignedOut();
      // A full load drops every client cache (router and query) that still holds the old user's data.
      window.location.assign(redirectTo);
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
}
