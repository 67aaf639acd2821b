/**
 * Kubernetes-safe names, computed the way the original chart's helpers did, and the one DNS-label check.
 */
import { AfcError } from '../errors.js';

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

/** The longest DNS label (a namespace, most object names). */
export const MAX_LABEL = 63;

/**
 * Why `value` (`what`, e.g. `namespace`) is not a DNS label of at most `max` characters, or undefined
 * when it is. `alternative` is appended to the fix (e.g. ` (or AUTO)`). The one home of this check.
 */
export function labelProblem(what: string, value: string, max: number = MAX_LABEL, alternative = ''): string | undefined {
  if (RFC1123_LABEL.test(value) && value.length <= max) return undefined;
  return `${what} "${value}" is not an RFC 1123 label of at most ${max} characters: use lower-case letters, digits and "-", starting and ending with a letter or digit${alternative}`;
}

/** `value` when it is a DNS label of at most `max` characters, else an AfcError (see labelProblem). */
export function checkLabel(what: string, value: string, max: number = MAX_LABEL, alternative = ''): string {
  const problem = labelProblem(what, value, max, alternative);
  if (problem) throw new AfcError(problem);
  return value;
}

/** Why `release` is not usable as a Helm release name, or undefined when it is. */
export function releaseNameProblem(release: string): string | undefined {
  return labelProblem('release name', release, MAX_RELEASE_NAME);
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

/** A DNS-1035 label (Service names): lower-case alphanumerics and `-`, starting with a letter. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain (most object names): dot-separated RFC 1123 labels, at most 253 characters. */
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Why `name` is not a Kubernetes name of the given kind, or undefined: `label` (RFC 1123 label, 63
 * characters: volume, PVC template, container names), `dns1035` (a label that starts with a letter:
 * Service names), `subdomain` (DNS-1123 subdomain, 253 characters: service accounts, secrets).
 */
export function k8sNameProblem(name: string, kind: 'label' | 'dns1035' | 'subdomain'): string | undefined {
  const [re, max, what] =
    kind === 'label'
      ? [RFC1123_LABEL, 63, 'an RFC 1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit']
      : kind === 'dns1035'
        ? [DNS1035_LABEL, 63, 'a DNS-1035 label: lower-case letters, digits and "-", starting with a letter and ending with a letter or digit']
        : [DNS1123_SUBDOMAIN, 253, 'a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", each part starting and ending with a letter or digit'];
  if (name.length === 0) return 'is empty';
  if (name.length > max) return `is ${name.length} characters long, more than ${max}`;
  if (!re.test(name)) return `is not ${what}`;
  return undefined;
}
