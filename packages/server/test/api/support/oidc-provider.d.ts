// oidc-provider ships no TypeScript types; the tests use a handful of its calls, typed at the call site.
declare module 'oidc-provider';
