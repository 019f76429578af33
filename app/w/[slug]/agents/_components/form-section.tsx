import type { ReactNode } from "react";
import { SectionCard } from "@/components/ui/card";

interface SectionProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** One titled card of the agent form. */
export function FormSection({ title, description, children }: SectionProps) {
  return (
    <SectionCard title={title} description={description} contentClassName="grid gap-4">
      {children}
    </SectionCard>
  );
}

/** A titled group inside a card (the advanced settings' parts). */
export function SubSection({ title, description, children }: SectionProps) {
  return (
    <section className="grid gap-4 border-t pt-5 first:border-t-0 first:pt-0">
      <div className="grid gap-1">
        <h3 className="text-sm font-semibold">{title}</h3>
        {description ? <p className="text-sm text-muted-foreground">{description}</p> : null}
      </div>
      {children}
    </section>
  );
}
