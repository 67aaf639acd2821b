/**
 * Image references as the OCI distribution specification and Docker's reference grammar define them
 * (github.com/distribution/reference, `reference.go`: the grammar in its header comment):
 *
 *     reference  := name [ ":" tag ]
 *     name       := [ domain "/" ] path-component ( "/" path-component )*
 *     domain     := domain-part ( "." domain-part )* [ ":" port ]     (or an IPv6 address in brackets)
 *     domain-part    := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
 *     path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
 *     tag        := [\w][\w.-]{0,127}
 *
 * and a name of at most 255 characters. A component's image is `PATH/NAME:TAG` (imageRepositories'
 * `path`, the component's `imageName` and `imageTag`): each part is checked here, so a tag such as
 * `a b`, a newline or `$(id)` is refused before it reaches a manifest.
 */

const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_PART = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const IPV6 = /^\[[a-fA-F0-9:]+\]$/;
const PORT = /^[0-9]+$/;
export const MAX_IMAGE_NAME = 255;

/** Why `tag` is not an image tag, or undefined. */
export function imageTagProblem(tag: string): string | undefined {
  if (TAG.test(tag)) return undefined;
  return 'is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"';
}

/** Whether the first component of a name is a registry host (it has a dot or a port, or is localhost), as Docker tells them. */
const looksLikeDomain = (first: string): boolean => first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();

function domainProblem(domain: string): string | undefined {
  const [, host = '', port] = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(domain) ?? [];
  if (port !== undefined && !PORT.test(port)) return `its registry port ${JSON.stringify(port)} is not a number`;
  if (host.startsWith('[')) return IPV6.test(host) ? undefined : `its registry host ${JSON.stringify(host)} is not an IPv6 address`;
  if (!host.split('.').every((part) => DOMAIN_PART.test(part))) return `its registry host ${JSON.stringify(host)} is not a host name (letters, digits, "-" and ".")`;
  return undefined;
}

/** Why `path` (imageRepositories' `path`: a registry, with or without path components) is not an image repository, or undefined. */
export function repositoryPathProblem(path: string): string | undefined {
  const parts = path.split('/');
  const bad = looksLikeDomain(parts[0]!) ? domainProblem(parts[0]!) : undefined;
  if (bad) return `is not a valid image repository: ${bad}`;
  return componentsProblem(looksLikeDomain(parts[0]!) ? parts.slice(1) : parts, 'repository');
}

/**
 * Why `name` (an imageName) is not an image name, or undefined. After a repository path it is path
 * components only; alone it may start with a registry (`docker.io/library/postgres`).
 */
export function imageNameProblem(name: string, afterRepository: boolean): string | undefined {
  const parts = name.split('/');
  if (!afterRepository && parts.length > 1 && looksLikeDomain(parts[0]!)) {
    const bad = domainProblem(parts[0]!);
    if (bad) return `is not a valid image name: ${bad}`;
    return componentsProblem(parts.slice(1), 'name');
  }
  return componentsProblem(parts, 'name');
}

function componentsProblem(parts: readonly string[], what: 'repository' | 'name'): string | undefined {
  const bad = parts.find((p) => !PATH_COMPONENT.test(p));
  if (bad === undefined) return undefined;
  if (bad === '') return `is not a valid image ${what}: it has an empty path component (// or a / at an end)`;
  return `is not a valid image ${what}: ${JSON.stringify(bad)} is not a path component (lower-case letters and digits, separated by ".", "_", "__" or "-")`;
}
