/**
 * Reads a Confluence space's pages and who may read them, from Confluence Cloud (REST API v2,
 * plus v1 for read restrictions and group names) or Server / Data Center (REST API v1).
 *
 * Permissions map to group names. In Confluence a page is readable only by who satisfies the
 * read restrictions of the page AND of every ancestor (restrictions are inherited down the
 * tree). So the groups of a page are the intersection of the restriction groups along its chain
 * (the page and its ancestors) when anything in the chain is restricted, otherwise the groups
 * allowed to read the space. Restrictions naming users cannot be mapped to groups (Confluence
 * users are not Rempart users): a level restricted to users only leaves no group, so only the
 * connector's owner reads the page. Ancestors and their restrictions are looked up once per
 * sync (one client per sync); a lookup that fails fails the sync (nothing is written).
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
  /** True when the chain is restricted but no group satisfies every level: nobody but the owner may read it here. */
  userOnlyRestriction: boolean;
  /** Ancestor ids, root first (the parent last). */
  ancestors: string[];
}

/** The read restriction set directly on one piece of content. */
export interface ReadRestriction {
  groups: string[];
  /** Users are named (they satisfy the restriction but map to no Rempart group). */
  hasUsers: boolean;
}

const UNRESTRICTED: ReadRestriction = { groups: [], hasUsers: false };
/** Confluence page trees are far shallower; a longer chain means a cycle in what was returned. */
const MAX_DEPTH = 200;

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
    const expand = 'version,body.storage,ancestors,restrictions.read.restrictions.group,restrictions.read.restrictions.user';
    const items: Json[] = [];
    for await (const item of this.#paginate(`/rest/api/content?spaceKey=${key}&type=page&limit=50&expand=${expand}`)) items.push(item);
    // Every page's own restriction came with the listing; an ancestor outside it is looked up (once).
    const restrictions = new Map<string, ReadRestriction>(items.map((item) => [String(item.id), readRestrictionOf(item.restrictions?.read?.restrictions)]));
    const restrictionOf = async (id: string): Promise<ReadRestriction> => {
      let restriction = restrictions.get(id);
      if (!restriction) {
        const content = await this.#get(`/rest/api/content/${encodeURIComponent(id)}?expand=restrictions.read.restrictions.group,restrictions.read.restrictions.user`);
        restriction = readRestrictionOf(content.restrictions?.read?.restrictions);
        restrictions.set(id, restriction);
      }
      return restriction;
    };
    const pages: ConfluencePage[] = [];
    for (const item of items) {
      if (!Array.isArray(item.ancestors)) throw new Error(`Confluence did not return the ancestors of page ${String(item.id)}`);
      const ancestors = (item.ancestors as Json[]).map((ancestor) => String(ancestor.id));
      pages.push(toPage(item, ancestors, spaceGroups, await this.#chainRestrictions(String(item.id), ancestors, restrictionOf)));
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
    const items: Json[] = [];
    for await (const item of this.#paginate(`/api/v2/spaces/${space.id}/pages?limit=50&body-format=storage`)) items.push(item);
    const byId = new Map(items.map((item) => [String(item.id), item]));
    // v2 pages carry their parentId: the chain is walked through the listed pages; when a parent is
    // not a listed page (a folder, another content type), v1 gives the full ancestor list instead.
    const ancestorsCache = new Map<string, string[]>();
    const ancestorsOf = async (id: string, depth = 0): Promise<string[]> => {
      const cached = ancestorsCache.get(id);
      if (cached) return cached;
      if (depth > MAX_DEPTH) throw new Error(`the ancestors of Confluence page ${id} form a cycle`);
      const parentId = byId.get(id)?.parentId;
      let ancestors: string[];
      if (parentId === undefined || parentId === null || parentId === '') ancestors = [];
      else if (byId.has(String(parentId))) ancestors = [...(await ancestorsOf(String(parentId), depth + 1)), String(parentId)];
      else {
        const content = await this.#get(`/rest/api/content/${encodeURIComponent(id)}?expand=ancestors`);
        if (!Array.isArray(content.ancestors)) throw new Error(`Confluence did not return the ancestors of page ${id}`);
        ancestors = (content.ancestors as Json[]).map((ancestor) => String(ancestor.id));
        if (!ancestors.includes(String(parentId))) throw new Error(`Confluence returned ancestors of page ${id} without its parent ${String(parentId)}`);
      }
      ancestorsCache.set(id, ancestors);
      return ancestors;
    };
    const restrictions = new Map<string, ReadRestriction>();
    const restrictionOf = async (id: string): Promise<ReadRestriction> => {
      let restriction = restrictions.get(id);
      if (!restriction) {
        const answer = await this.#get(`/rest/api/content/${encodeURIComponent(id)}/restriction/byOperation/read`);
        restriction = readRestrictionOf(answer.restrictions);
        restrictions.set(id, restriction);
      }
      return restriction;
    };
    const pages: ConfluencePage[] = [];
    for (const item of items) {
      const ancestors = await ancestorsOf(String(item.id));
      pages.push(toPage(item, ancestors, spaceGroups, await this.#chainRestrictions(String(item.id), ancestors, restrictionOf)));
    }
    return pages;
  }

  async #chainRestrictions(pageId: string, ancestors: string[], restrictionOf: (id: string) => Promise<ReadRestriction>): Promise<ReadRestriction[]> {
    if (ancestors.length > MAX_DEPTH || ancestors.includes(pageId)) throw new Error(`the ancestors of Confluence page ${pageId} form a cycle`);
    const chain: ReadRestriction[] = [];
    for (const id of [...ancestors, pageId]) chain.push(await restrictionOf(id));
    return chain;
  }
}

/** A `restrictions` object ({group: {results}, user: {results}}) as found in v1 answers. */
function readRestrictionOf(restrictions: Json | undefined): ReadRestriction {
  if (!restrictions) return UNRESTRICTED;
  return { groups: groupNames((restrictions.group?.results as Json[] | undefined) ?? []), hasUsers: ((restrictions.user?.results as Json[] | undefined) ?? []).length > 0 };
}

/**
 * Who may read a page given the read restrictions of its chain (ancestors and itself): the
 * groups named at EVERY restricted level (a level restricting to users only names none), or the
 * space's groups when no level is restricted.
 */
export function effectiveGroups(chain: readonly ReadRestriction[], spaceGroups: readonly string[]): { groups: string[]; restricted: boolean } {
  const restrictedLevels = chain.filter((level) => level.groups.length > 0 || level.hasUsers);
  if (restrictedLevels.length === 0) return { groups: [...spaceGroups].sort(), restricted: false };
  const [first, ...others] = restrictedLevels;
  const groups = others.reduce((kept, level) => kept.filter((group) => level.groups.includes(group)), first?.groups ?? []);
  return { groups: [...new Set(groups)].sort(), restricted: true };
}

function groupNames(groups: Json[]): string[] {
  return [...new Set(groups.map((group) => group.name).filter((name): name is string => typeof name === 'string'))].sort();
}

function toPage(item: Json, ancestors: string[], spaceGroups: string[], chain: readonly ReadRestriction[]): ConfluencePage {
  const { groups, restricted } = effectiveGroups(chain, spaceGroups);
  return {
    id: String(item.id),
    title: String(item.title ?? 'Untitled'),
    version: Number(item.version?.number ?? 0),
    body: String(item.body?.storage?.value ?? ''),
    groups,
    userOnlyRestriction: restricted && groups.length === 0,
    ancestors,
  };
}
