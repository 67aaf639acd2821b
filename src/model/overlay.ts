/** The type of an overlay: any part of the values, where `null` removes a key (Helm's rule). */
import type { Values } from './schema.js';

export type Overlay<T = Values> = T extends readonly (infer _E)[]
  ? T
  : T extends object
    ? { [K in keyof T]?: Overlay<NonNullable<T[K]>> | null }
    : T;

/** A named platform overlay (platforms/*.ts). */
export interface Platform<V = Values> {
  /** What the platform is for, shown by `afc synth --help`. */
  readonly description: string;
  readonly values: Overlay<V>;
}

/**
 * The platform overlays values may name, given to the loader by its caller (the model knows no
 * platform; platforms/index.ts holds the built-in registry).
 */
export interface PlatformRegistry<V = Values> {
  /** The overlays by canonical name, in the order help texts list them. */
  readonly platforms: Readonly<Record<string, Platform<V>>>;
  /** Alternative spellings accepted on the command line → canonical names. */
  readonly aliases: Readonly<Record<string, string>>;
  /**
   * Whether the merge of the defaults with every sequence of distinct overlays of this registry is
   * validated by a test (test/model/static-values.test.ts for the built-in one), so that such
   * inputs are not validated again on every run.
   * @default false
   */
  readonly prevalidated?: boolean;
}
