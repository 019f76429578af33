import { Compass } from "lucide-react";
import Link from "next/link";
import { AuthShell } from "@/components/auth-shell";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export default function NotFound() {
  return (
    <AuthShell>
      <Card>
        <CardHeader className="justify-items-center text-center">
          <Compass className="mb-2 size-8 text-muted-foreground" aria-hidden="true" />
          <CardTitle asChild className="text-xl">
            <h1>Page not found</h1>
          </CardTitle>
          <CardDescription>
            This page does not exist, or it belongs to a workspace you are not a member of.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex justify-center">
          <Button asChild>
            <Link href="/">Go to your workspaces</Link>
          </Button>
        </CardContent>
      </Card>
    </AuthShell>
  );
}
