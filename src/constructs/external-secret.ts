/**
 * An ExternalSecret of the External Secrets Operator: the Secret it makes (same name) from a secret
 * store, as OpenAFC's 1.0.x charts write them (target owned and deleted with it). Typed by the CRD of
 * external-secrets v0.16.2 (src/imports/external-secrets.io.ts); `external-secrets.io/v1beta1` by
 * default, `external-secrets.io/v1` (ESO >= 0.17, which no longer serves v1beta1) on request.
 */
import { Construct } from 'constructs';
import {
  ExternalSecret,
  ExternalSecretV1Beta1,
  toJson_ExternalSecretProps,
  toJson_ExternalSecretV1Beta1Props,
} from '../imports/external-secrets.io.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

/** The API versions an ExternalSecret (and its store) can be written in. */
export const EXTERNAL_SECRETS_API_VERSIONS = [ExternalSecretV1Beta1.GVK.apiVersion, ExternalSecret.GVK.apiVersion] as const;
export type ExternalSecretsApiVersion = (typeof EXTERNAL_SECRETS_API_VERSIONS)[number];

/** The store an ExternalSecret reads from (an `AfcSecretStore`, or any object with its name and kind). */
export interface SecretStoreRef {
  /** Store name. */
  readonly name: string;
  /** `ClusterSecretStore` or `SecretStore`. */
  readonly kind: 'ClusterSecretStore' | 'SecretStore';
}

export interface AfcExternalSecretProps {
  /** Name of the ExternalSecret and of the Secret it makes. */
  readonly name: string;
  /**
   * Labels of the ExternalSecret.
   * @default - none
   */
  readonly labels?: Labels;
  /** The store it reads. */
  readonly store: SecretStoreRef;
  /**
   * How often the Secret is refreshed (`5m`; `0` = fetched once).
   * @default - not rendered (the operator's default, 1h)
   */
  readonly refreshInterval?: string | number;
  /**
   * The `target.template` clause (e.g. `{ type: 'kubernetes.io/dockerconfigjson' }`).
   * @default - none
   */
  readonly template?: Readonly<Record<string, unknown>>;
  /**
   * `spec.data`: secret keys and the remote references they come from. Exactly one of `data` and
   * `dataFromKey` is given.
   * @default - none
   */
  readonly data?: readonly Readonly<Record<string, unknown>>[];
  /**
   * The remote secret read whole (`spec.dataFrom`).
   * @default - none
   */
  readonly dataFromKey?: string;
  /**
   * API version of the object.
   * @default 'external-secrets.io/v1beta1'
   */
  readonly apiVersion?: ExternalSecretsApiVersion;
}

/** An ExternalSecret whose target Secret has its name. */
export class AfcExternalSecret extends Construct {
  /** Name of the ExternalSecret and of its Secret (what pods mount). */
  public readonly name: string;
  /** The API version written. */
  public readonly apiVersion: ExternalSecretsApiVersion;

  constructor(scope: Construct, id: string, props: AfcExternalSecretProps) {
    super(scope, id);
    if ((props.data === undefined) === (props.dataFromKey === undefined)) {
      throw new Error(`ExternalSecret "${props.name}": give exactly one of data and dataFromKey`);
    }
    this.name = props.name;
    this.apiVersion = props.apiVersion ?? ExternalSecretV1Beta1.GVK.apiVersion;
    const typed = {
      secretStoreRef: { name: props.store.name, kind: props.store.kind },
      refreshInterval: props.refreshInterval === undefined ? undefined : String(props.refreshInterval),
      target: { name: this.name, creationPolicy: 'Owner', deletionPolicy: 'Delete' },
    };
    const metadata = { name: this.name, labels: props.labels === undefined ? undefined : { ...props.labels } };
    // data, dataFrom and the template are the values' own shapes, set verbatim (raw.ts).
    const fragments = {
      '/spec/target/template': props.template,
      '/spec/data': props.data,
      '/spec/dataFrom': props.dataFromKey === undefined ? undefined : [{ key: props.dataFromKey }],
    };
    if (this.apiVersion === ExternalSecret.GVK.apiVersion) {
      kubeObject(this, 'Resource', ExternalSecret.GVK, toJson_ExternalSecretProps, { metadata, spec: typed as never }, fragments);
    } else {
      kubeObject(this, 'Resource', ExternalSecretV1Beta1.GVK, toJson_ExternalSecretV1Beta1Props, { metadata, spec: typed as never }, fragments);
    }
  }
}
