/**
 * Reads a Confluence space's pages and who may read them, from Confluence Cloud (REST API v2,
 * plus v1 for read restrictions and group names) or Server / Data Center (REST API v1).
 * Permissions map to group names: a page's read restriction groups when it has any (they
 * narrow the space), otherwise the groups allowed to read the space. User-only restrictions
 * cannot be mapped to groups: such a page gets no group (only the connector's owner reads it).
 * Ancestor (inherited) restrictions are not read: see docs/documents.md.
 */
export interface ConfluenceConnection {
  flavor: 'cloud' | 'server';
  /** Cloud: https://example.atlassian.net (the /wiki prefix is added); Server: the base URL with its context path. */
  baseUrl: string;
  spaceKey: string;
  /** Cloud: e-mail + API token (basic); Server/DC: personal access token (bearer). */
  auth: { email: string; apiToken: string } | { token: string };
}

export interface ConfluencePage {
  id: string;
  title: string;
  version: number;
  /** Storage format (XHTML). */
  body: string;
  /** Group names allowed to read it (see above). */
  groups: string[];
  /** True when read restrictions name users only: nobody but the owner may read it here. */
  userOnlyRestriction: boolean;
}

type Json = Record<string, any>; // any: Confluence JSON is read defensively, field by field

export class ConfluenceClient {
  readonly #connection: ConfluenceConnection;
  readonly #fetch: typeof fetch;

  constructor(connection: ConfluenceConnection, fetchImplementation: typeof fetch = fetch) {
    this.#connection = connection;
    this.#fetch = fetchImplementation;
  }

  get #root(): string {
    const base = this.#connection.baseUrl.replace(/\/$/, '');
    return this.#connection.flavor === 'cloud' && !base.endsWith('/wiki') ? `${base}/wiki` : base;
  }

  async #get(pathOrUrl: string): Promise<Json> {
    const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${this.#root}${pathOrUrl}`;
    if (!url.startsWith(this.#root)) throw new Error('Confluence returned a link outside the configured site');
    const auth = this.#connection.auth;
    const authorization = 'token' in auth ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}`;
    const response = await this.#fetch(url, { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`Confluence answered HTTP ${response.status} for ${new URL(url).pathname}`);
    return (await response.json()) as Json;
  }

  /** Follows `_links.next` (relative to the site root) until the last page of results. */
  async *#paginate(firstPath: string): AsyncGenerator<Json> {
    let next: string | undefined = firstPath;
    while (next) {
      const page = await this.#get(next);
      for (const item of (page.results as Json[] | undefined) ?? []) yield item;
      const link = page._links?.next as string | undefined;
      // Cloud links start with /wiki (relative to the site); Server links are relative to the base URL.
      next = link ? (this.#connection.flavor === 'cloud' ? `${new URL(this.#root).origin}${link}` : `${this.#root}${link}`) : undefined;
    }
  }

  async listPages(): Promise<ConfluencePage[]> {
    return this.#connection.flavor === 'cloud' ? this.#listCloud() : this.#listServer();
  }

  async #listServer(): Promise<ConfluencePage[]> {
    const key = encodeURIComponent(this.#connection.spaceKey);
    const space = await this.#get(`/rest/api/space/${key}?expand=permissions`);
    const spaceGroups = groupNames(
      ((space.permissions as Json[] | undefined) ?? [])
        .filter((permission) => permission.operation?.operation === 'read' && permission.operation?.targetType === 'space')
        .flatMap((permission) => (permission.subjects?.group?.results as Json[] | undefined) ?? []),
    );
    const pages: ConfluencePage[] = [];
    const expand = 'version,body.storage,restrictions.read.restrictions.group,restrictions.read.restrictions.user';
    for await (const item of this.#paginate(`/rest/api/content?spaceKey=${key}&type=page&limit=50&expand=${expand}`)) {
      const restriction = item.restrictions?.read?.restrictions ?? {};
      pages.push(toPage(item, spaceGroups, groupNames(restriction.group?.results ?? []), (restriction.user?.results ?? []).length > 0));
    }
    return pages;
  }

  async #listCloud(): Promise<ConfluencePage[]> {
    const spaces = await this.#get(`/api/v2/spaces?keys=${encodeURIComponent(this.#connection.spaceKey)}`);
    const space = (spaces.results as Json[] | undefined)?.[0];
    if (!space) throw new Error(`no Confluence space with the key ${this.#connection.spaceKey}`);
    const groupIds = new Set<string>();
    for await (const permission of this.#paginate(`/api/v2/spaces/${space.id}/permissions?limit=100`)) {
      if (permission.principal?.type === 'group' && permission.operation?.key === 'read' && permission.operation?.targetType === 'space') {
        groupIds.add(String(permission.principal.id));
      }
    }
    const spaceGroups: string[] = [];
    for (const id of groupIds) {
      const group = await this.#get(`/rest/api/group/by-id?id=${encodeURIComponent(id)}`);
      if (typeof group.name === 'string') spaceGroups.push(group.name);
    }
    const pages: ConfluencePage[] = [];
    for await (const item of this.#paginate(`/api/v2/spaces/${space.id}/pages?limit=50&body-format=storage`)) {
      const restriction = await this.#get(`/rest/api/content/${encodeURIComponent(String(item.id))}/restriction/byOperation/read`);
      const restrictions = restriction.restrictions ?? {};
      pages.push(toPage(item, spaceGroups, groupNames(restrictions.group?.results ?? []), (restrictions.user?.results ?? []).length > 0));
    }
    return pages;
  }
}

function groupNames(groups: Json[]): string[] {
  return [...new Set(groups.map((group) => group.name).filter((name): name is string => typeof name === 'string'))].sort();
}

function toPage(item: Json, spaceGroups: string[], restrictionGroups: string[], hasUserRestriction: boolean): ConfluencePage {
  const restricted = restrictionGroups.length > 0 || hasUserRestriction;
  return {
    id: String(item.id),
    title: String(item.title ?? 'Untitled'),
    version: Number(item.version?.number ?? 0),
    body: String(item.body?.storage?.value ?? ''),
    groups: restricted ? restrictionGroups : spaceGroups,
    userOnlyRestriction: hasUserRestriction && restrictionGroups.length === 0,
  };
}
