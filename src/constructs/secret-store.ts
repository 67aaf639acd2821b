/**
 * A ClusterSecretStore (or namespaced SecretStore) of the External Secrets Operator: where
 * ExternalSecrets read from (`fake`, `gcpsm`, ...). The provider clause is the values' own, set
 * verbatim: the store CRD's provider schema (hundreds of providers) is not imported, so it is not
 * typed here; the e2e dry run against the real CRD checks it.
 */
import { Construct } from 'constructs';
import type { ExternalSecretsApiVersion, SecretStoreRef } from './external-secret.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcSecretStoreProps {
  /** Store name. */
  readonly name: string;
  /**
   * Namespace of a namespaced SecretStore.
   * @default - none: a ClusterSecretStore
   */
  readonly namespace?: string;
  /**
   * Labels of the store.
   * @default - none
   */
  readonly labels?: Labels;
  /**
   * How often the store is validated, in seconds.
   * @default - not rendered (the operator's default)
   */
  readonly refreshInterval?: number;
  /** The provider clause (one key: `fake`, `gcpsm`, `kubernetes`, ...). */
  readonly provider: Readonly<Record<string, unknown>>;
  /**
   * API version of the object.
   * @default 'external-secrets.io/v1beta1'
   */
  readonly apiVersion?: ExternalSecretsApiVersion;
}

/** A (Cluster)SecretStore; ExternalSecrets refer to it as an object. */
export class AfcSecretStore extends Construct implements SecretStoreRef {
  public readonly name: string;
  public readonly kind: 'ClusterSecretStore' | 'SecretStore';

  constructor(scope: Construct, id: string, props: AfcSecretStoreProps) {
    super(scope, id);
    const providers = Object.keys(props.provider);
    if (providers.length !== 1) {
      throw new Error(`secret store "${props.name}": its provider must name exactly one provider (fake, gcpsm, ...), not ${providers.length === 0 ? 'none' : providers.join(', ')}`);
    }
    this.name = props.name;
    this.kind = props.namespace === undefined ? 'ClusterSecretStore' : 'SecretStore';
    const gvk = { apiVersion: props.apiVersion ?? 'external-secrets.io/v1beta1', kind: this.kind };
    const json = (p: Record<string, unknown>): Record<string, unknown> => p;
    kubeObject(this, 'Resource', gvk, json, {
      metadata: { name: this.name, namespace: props.namespace, labels: props.labels === undefined ? undefined : { ...props.labels } },
      spec: { refreshInterval: props.refreshInterval },
    }, { '/spec/provider': props.provider });
  }
}
