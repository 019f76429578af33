import type { Metadata } from "next";
import Link from "next/link";
import { listWorkspacesForUser, requireServerSession } from "@/app/_lib/session";
import { AuthShell } from "@/components/auth-shell";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { NewWorkspaceForm } from "./new-workspace-form";

export const metadata: Metadata = { title: "Create workspace" };

export default async function NewWorkspacePage() {
  const session = await requireServerSession("/new-workspace");
  const [first] = await listWorkspacesForUser(session);

  return (
    <AuthShell>
      <Card>
        <CardHeader>
          <CardTitle asChild className="text-xl">
            <h1>Create a workspace</h1>
          </CardTitle>
          <CardDescription>
            A workspace holds your team&apos;s members and settings. You will be its owner.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <NewWorkspaceForm />
        </CardContent>
        <CardFooter className="justify-center text-sm">
          {first ? (
            <Link href={`/w/${first.slug}`} className="font-medium underline-offset-4 hover:underline">
              Back to {first.name}
            </Link>
          ) : (
            <Link href="/account" className="font-medium underline-offset-4 hover:underline">
              Account settings
            </Link>
          )}
        </CardFooter>
      </Card>
    </AuthShell>
  );
}
