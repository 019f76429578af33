export function securityHeaders(env: Record<string, string | undefined>): { key: string; value: string }[];
