/** The platform overlays by name, in the order `afc synth --help` lists them. */
import type { Platform, PlatformRegistry } from '../src/model/overlay.js';
import { gcp } from './gcp.js';
import { hardened } from './hardened.js';
import { http } from './http.js';
import { k3d } from './k3d.js';
import { minikube } from './minikube.js';
import { noSecrets } from './no-secrets.js';

export const platforms: Readonly<Record<string, Platform>> = {
  k3d,
  gcp,
  http,
  no_secrets: noSecrets,
  minikube,
  hardened,
};

/** Alternative spellings accepted on the command line. */
export const platformAliases: Readonly<Record<string, string>> = { 'no-secrets': 'no_secrets' };

/** The built-in registry, injected where values are loaded; test/model/static-values.test.ts validates it. */
export const builtinPlatforms: PlatformRegistry = { platforms, aliases: platformAliases, prevalidated: true };
