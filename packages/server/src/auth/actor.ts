/**
 * Who is making a request, as every module after authentication sees it.
 * Authentication (API key, session, OIDC) produces an Actor; authorization asks about it.
 */
export type Role = 'user' | 'admin' | 'dpo';

export interface Actor {
  userId: string;
  email: string;
  role: Role;
  /** Group names the user belongs to (model allow-lists, document rights). */
  groups: string[];
  /** Set when the request was authenticated with an API key. */
  apiKeyId?: string;
  /** Model restriction carried by the API key (undefined = no key-level restriction). */
  keyAllowedModels?: string[];
}
