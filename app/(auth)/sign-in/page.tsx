import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSession } from "@/app/_lib/session";
import { firstParam, safeNextPath, withNext } from "@/components/navigation";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath(firstParam((await searchParams).next));
  if (await getServerSession()) redirect(next ?? "/");

  return (
    <Card>
      <CardHeader>
        <CardTitle asChild className="text-xl">
          <h1>Sign in</h1>
        </CardTitle>
        <CardDescription>Welcome back. Sign in to your Switchboard account.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm next={next} />
      </CardContent>
      <CardFooter className="justify-center text-sm text-muted-foreground">
        <span>
          New to Switchboard?{" "}
          <Link
            href={withNext("/sign-up", next)}
            className="font-medium text-foreground underline-offset-4 hover:underline"
          >
            Create an account
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}
