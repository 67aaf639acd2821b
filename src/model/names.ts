/**
 * Kubernetes-safe names, computed the way the original chart's helpers did.
 */

/**
 * rfc1123(x): kebab-case (`postgresData` → `postgres-data`, `HTTPServer` → `http-server`), `_` and `+`
 * become `-`, trailing `-` trimmed, at most 63 characters.
 */
export function rfc1123(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[_+\s]/g, '-');
  return kebab.slice(0, 63).replace(/-+$/, '');
}

/** A DNS label (RFC 1123): lower-case alphanumerics and `-`, starting and ending alphanumeric. */
export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Helm's limit for release names. */
export const MAX_RELEASE_NAME = 53;

/** Why `release` is not usable as a Helm release name, or undefined when it is. */
export function releaseNameProblem(release: string): string | undefined {
  if (!RFC1123_LABEL.test(release) || release.length > MAX_RELEASE_NAME) {
    return `release name "${release}" is not an RFC 1123 label of at most ${MAX_RELEASE_NAME} characters: use lower-case letters, digits and "-", starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * Why `name` is not a valid IANA service name (what Kubernetes requires of named ports), or undefined:
 * at most 15 characters of [a-z0-9-], at least one letter, no leading, trailing or double `-`.
 */
export function ianaServiceNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) return 'must be 1-15 characters long';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may contain only lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-') || name.includes('--')) {
    return 'must not start or end with "-" or contain "--"';
  }
  return undefined;
}
