// The outbound-request guard: everything that fetches a URL a user, a workspace
// setting or a model chose goes through here.
export { type Allowlist, allowsHost, allowsIp, parseAllowlist } from "./allowlist";
export { type AddressKind, classifyAddress, parseCidr, parseIp } from "./ip-address";
export { createGuardedFetch, type SafeFetchInit, safeFetch } from "./safe-fetch";
export { assertPublicUrl, assertPublicUrlIfLiteral, type SsrfOptions, type VettedUrl } from "./vet-url";
