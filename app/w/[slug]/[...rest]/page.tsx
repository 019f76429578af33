import { notFound } from "next/navigation";

// Unknown paths under a workspace render the workspace's own not-found page inside the shell.
export default function UnknownWorkspacePage() {
  notFound();
}
