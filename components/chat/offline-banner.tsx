import { FlaskConical } from "lucide-react";
import Link from "next/link";
import { providersHref } from "./query-keys";

/** Shown while an agent answers with the built-in offline model. */
export function OfflineBanner({ slug }: { slug: string }) {
  return (
    <div
      role="note"
      className="flex items-start gap-2 border-b bg-amber-50 px-3 py-1.5 text-xs text-amber-900 sm:px-4 sm:py-2 sm:text-sm dark:bg-amber-950/40 dark:text-amber-200"
    >
      <FlaskConical className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <p className="min-w-0">
        <span className="font-medium">Offline demo model</span> — replies are canned.{" "}
        <Link href={providersHref(slug)} className="font-medium underline underline-offset-2">
          Add a provider
        </Link>
      </p>
    </div>
  );
}
