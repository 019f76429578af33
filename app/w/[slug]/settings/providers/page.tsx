import type { Metadata } from "next";
import { ProvidersView } from "./providers-view";

export const metadata: Metadata = { title: "Model providers" };

export default function ProvidersPage() {
  return <ProvidersView />;
}
