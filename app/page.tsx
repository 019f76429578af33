import { redirect } from "next/navigation";
import { getServerSession, listWorkspacesForUser } from "@/app/_lib/session";

export default async function HomePage() {
  const session = await getServerSession();
  if (!session) redirect("/sign-in");
  const [first] = await listWorkspacesForUser(session);
  redirect(first ? `/w/${first.slug}` : "/new-workspace");
}
