import { isUuid } from "@/lib/uuid";
import { currentPage, workspacePages } from "./workspace-pages";

export interface Crumb {
  label: string;
  /** Absent for the current page. */
  href?: string;
}

export interface Trail {
  crumbs: Crumb[];
  /** The agent whose name a crumb needs (looked up by the caller), if any. */
  agentId: string | null;
  /** The page shows its own title in the top bar (the chat), so the trail stops at its parent. */
  pageOwnsTitle: boolean;
}

const AGENT_SUBPAGES: Record<string, string> = { edit: "Edit", versions: "Versions" };

/**
 * Workspace › section › item › sub-page for a path under /w/<slug>. Labels come from the
 * same page list as the sidebar; `agentName` fills the agent crumb once it is known.
 */
export function breadcrumbTrail(
  pathname: string,
  workspace: { slug: string; name: string },
  agentName?: string | null,
): Trail {
  const base = `/w/${workspace.slug}`;
  const crumbs: Crumb[] = [{ label: workspace.name, href: base }];
  const trail: Trail = { crumbs, agentId: null, pageOwnsTitle: false };
  const finish = () => {
    const last = crumbs.at(-1);
    if (last && !trail.pageOwnsTitle) delete last.href;
    return trail;
  };
  if (pathname === base || !pathname.startsWith(`${base}/`)) return finish();

  // Every label is known, whatever the caller's role: the page itself decides what it shows.
  const pages = workspacePages(workspace.slug, "owner", { billing: true }).filter((p) => !p.exact);
  const section = currentPage(pages, pathname);
  if (!section) return finish();
  // Nested sections (Settings › Providers) show their parent too.
  const parent = currentPage(
    pages.filter((p) => p !== section && section.href.startsWith(`${p.href}/`)),
    section.href,
  );
  if (parent) crumbs.push({ label: parent.label, href: parent.href });
  crumbs.push({ label: section.label, href: section.href });

  if (section.key === "agents") {
    const rest = pathname.slice(section.href.length + 1).split("/");
    const [id, sub] = rest;
    if (id === "new" && rest.length === 1) crumbs.push({ label: "New agent" });
    else if (id && isUuid(id)) {
      trail.agentId = id.toLowerCase();
      const agentHref = `${section.href}/${id}`;
      if (sub === "chat" && rest.length === 2) {
        trail.pageOwnsTitle = true;
      } else {
        crumbs.push({ label: agentName || "Agent", href: agentHref });
        const subLabel = sub ? AGENT_SUBPAGES[sub] : undefined;
        if (subLabel && rest.length === 2) crumbs.push({ label: subLabel });
      }
    }
  }
  return finish();
}
