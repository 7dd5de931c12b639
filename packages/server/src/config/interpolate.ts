/**
 * `${NAME}` and `${NAME:-default}` in every string of the parsed configuration are replaced
 * by environment variables. A reference to an unset variable without a default is an error
 * naming the field, so a typo does not silently become an empty password.
 */
export class ConfigInterpolationError extends Error {}

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnvironment(
  value: unknown,
  environment: Record<string, string | undefined>,
  path: string[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
      const found = environment[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigInterpolationError(
        `${path.join('.') || '(root)'}: environment variable ${name} is not set (write \${${name}:-default} for a default)`,
      );
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnvironment(item, environment, [...path, String(index)]));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) result[key] = interpolateEnvironment(member, environment, [...path, key]);
    return result;
  }
  return value;
}
