import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DEFAULT_POLICY, parsePolicy, type Policy } from '@rempart/shield';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { interpolateEnvironment } from './interpolate.ts';
import { gatewayConfigProblems } from '../providers/config-schema.ts';
import { documentsConfigProblems } from '../documents/embeddings-config.ts';
import { rootConfigSchema } from './schema.ts';

export type ParsedConfig = z.infer<typeof rootConfigSchema>;

/** The configuration with paths resolved, the policy parsed and environment fallbacks applied. */
export type RempartConfig = Omit<ParsedConfig, 'policy' | 'dataDir'> & {
  dataDir: string;
  policy: Policy;
  /** The file it came from; undefined when running on the embedded defaults. */
  sourcePath?: string;
};

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

export const DEFAULT_CONFIG_FILE = 'rempart.yaml';

/**
 * Loads `path` (or ./rempart.yaml when it exists, or the embedded defaults: PGlite in ./data,
 * port 8080, the built-in offline model). Environment: `${NAME}` interpolation in the file;
 * DATABASE_URL, REMPART_BOOTSTRAP_ADMIN_EMAIL and REMPART_BOOTSTRAP_API_KEY apply when the
 * file does not set them. Errors name the file and the bad field.
 */
export function loadConfig(
  options: { path?: string; cwd?: string; environment?: Record<string, string | undefined> } = {},
): RempartConfig {
  const cwd = options.cwd ?? process.cwd();
  const environment = options.environment ?? process.env;
  const explicitPath = options.path ? resolve(cwd, options.path) : undefined;
  const defaultPath = resolve(cwd, DEFAULT_CONFIG_FILE);
  const sourcePath = explicitPath ?? (existsSync(defaultPath) ? defaultPath : undefined);

  let document: unknown = {};
  if (sourcePath) {
    let text: string;
    try {
      text = readFileSync(sourcePath, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(
        `cannot read the configuration file ${sourcePath}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`,
      );
    }
    try {
      document = parseYaml(text) ?? {};
    } catch (error) {
      throw new ConfigError(`${sourcePath} is not valid YAML: ${(error as Error).message}`);
    }
    if (typeof document !== 'object' || Array.isArray(document)) {
      throw new ConfigError(`${sourcePath}: the configuration must be a mapping (key: value), not a ${Array.isArray(document) ? 'list' : typeof document}`);
    }
  }
  const where = sourcePath ?? 'configuration';
  try {
    document = interpolateEnvironment(document, environment);
  } catch (error) {
    throw new ConfigError(`${where}: ${(error as Error).message}`);
  }

  const parsed = rootConfigSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => {
      const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
      const detail =
        issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.map((key) => `'${key}'`).join(', ')}` : issue.message;
      return `${field}: ${detail}`;
    });
    throw new ConfigError(`${where}: invalid configuration — ${problems.join('; ')}`);
  }
  const config = parsed.data;
  const crossSectionProblems = [...gatewayConfigProblems(config), ...documentsConfigProblems(config)];
  if (crossSectionProblems.length > 0) {
    throw new ConfigError(`${where}: invalid configuration — ${crossSectionProblems.slice(0, 5).join('; ')}`);
  }
  const baseDir = sourcePath ? dirname(sourcePath) : cwd;

  let policy: Policy = DEFAULT_POLICY;
  if (config.policy !== undefined) {
    let policyDocument: unknown = config.policy;
    if (typeof config.policy === 'string') {
      const policyPath = isAbsolute(config.policy) ? config.policy : resolve(baseDir, config.policy);
      try {
        policyDocument = parseYaml(readFileSync(policyPath, 'utf8'));
      } catch (error) {
        throw new ConfigError(`${where}: policy: cannot read ${policyPath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    }
    try {
      policy = parsePolicy(policyDocument);
    } catch (error) {
      throw new ConfigError(`${where}: policy: ${(error as Error).message}`);
    }
  }

  let databaseUrl = config.database.url ?? nonEmpty(environment.DATABASE_URL);
  // pglite:relative/path is relative to the configuration file, like dataDir.
  const pglitePath = databaseUrl?.startsWith('pglite:') ? databaseUrl.slice('pglite:'.length) : undefined;
  if (pglitePath && pglitePath !== 'memory' && !isAbsolute(pglitePath)) databaseUrl = `pglite:${resolve(baseDir, pglitePath)}`;
  const adminEmail = config.bootstrap.adminEmail ?? nonEmpty(environment.REMPART_BOOTSTRAP_ADMIN_EMAIL);
  const apiKey = config.bootstrap.apiKey ?? nonEmpty(environment.REMPART_BOOTSTRAP_API_KEY);
  if (apiKey && !adminEmail) {
    throw new ConfigError(`${where}: bootstrap: an API key is given (REMPART_BOOTSTRAP_API_KEY) but no admin email (REMPART_BOOTSTRAP_ADMIN_EMAIL) to own it`);
  }
  return {
    ...config,
    dataDir: resolve(baseDir, config.dataDir),
    database: { ...config.database, ...(databaseUrl ? { url: databaseUrl } : {}) },
    bootstrap: { ...(adminEmail ? { adminEmail } : {}), ...(apiKey ? { apiKey } : {}) },
    policy,
    ...(sourcePath ? { sourcePath } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
