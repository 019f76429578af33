import { isAdminRole, type Role } from "@/components/api/types";

/** A page of the workspace: the sidebar, the breadcrumbs and the search palette all list these. */
export interface WorkspacePage {
  /** Stable key, also the icon's name in the sidebar. */
  key: string;
  label: string;
  href: string;
  /** Only the exact path is this page (the overview would otherwise match everything). */
  exact?: boolean;
  /** Listed only in the search palette, not in the sidebar. */
  searchOnly?: boolean;
  /** Extra words the search palette matches. */
  keywords?: string;
}

/** `billing`: billing is on (STRIPE_SECRET_KEY set); without it there is no billing page to list. */
export function workspacePages(slug: string, role: Role, opts: { billing?: boolean } = {}): WorkspacePage[] {
  const base = `/w/${slug}`;
  const admin = isAdminRole(role);
  const pages: (WorkspacePage | false)[] = [
    { key: "overview", label: "Overview", href: base, exact: true, keywords: "home usage dashboard" },
    { key: "agents", label: "Agents", href: `${base}/agents`, keywords: "bots" },
    role !== "viewer" && {
      key: "new-agent",
      label: "New agent",
      href: `${base}/agents/new`,
      searchOnly: true,
      keywords: "create agent bot",
    },
    { key: "inbox", label: "Inbox", href: `${base}/inbox`, keywords: "conversations chats" },
    {
      key: "channels",
      label: "Channels",
      href: `${base}/inboxes`,
      keywords: "inboxes chatwoot whatsapp widget webhook",
    },
    { key: "catalog", label: "Catalog", href: `${base}/catalog`, keywords: "products shop" },
    { key: "flows", label: "Flows", href: `${base}/flows`, keywords: "workflows automations" },
    {
      key: "flow-runs",
      label: "Flow runs",
      href: `${base}/flows/runs`,
      searchOnly: true,
      keywords: "workflow executions approvals",
    },
    { key: "members", label: "Members", href: `${base}/members`, keywords: "people team invite" },
    admin && { key: "audit", label: "Audit log", href: `${base}/audit`, keywords: "history changes" },
    admin && { key: "mcp-activity", label: "MCP activity", href: `${base}/mcp-activity` },
    // Everyone may open the page (read-only below admin); only admins get the shortcut.
    admin && {
      key: "providers",
      label: "Providers",
      href: `${base}/settings/providers`,
      keywords: "models keys prices openai anthropic",
    },
    admin && { key: "integrations", label: "Integrations", href: `${base}/integrations` },
    admin && { key: "api-keys", label: "API keys", href: `${base}/settings/api-keys`, keywords: "tokens" },
    admin &&
      opts.billing === true && {
        key: "billing",
        label: "Billing",
        href: `${base}/billing`,
        keywords: "plan subscription invoices upgrade payment stripe",
      },
    { key: "settings", label: "Settings", href: `${base}/settings`, keywords: "workspace" },
  ];
  return pages.filter((p): p is WorkspacePage => Boolean(p));
}

/** The most specific page the path is on (Settings › Providers, not Settings). */
export function currentPage(pages: WorkspacePage[], pathname: string): WorkspacePage | undefined {
  const matches = (p: WorkspacePage) =>
    p.exact ? pathname === p.href : pathname === p.href || pathname.startsWith(`${p.href}/`);
  return pages.filter(matches).sort((a, b) => b.href.length - a.href.length)[0];
}
