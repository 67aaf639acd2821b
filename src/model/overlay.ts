/** The type of an overlay: any part of the values, where `null` removes a key (Helm's rule). */
import type { Values } from './schema.js';

export type Overlay<T = Values> = T extends readonly (infer _E)[]
  ? T
  : T extends object
    ? { [K in keyof T]?: Overlay<NonNullable<T[K]>> | null }
    : T;

/** A named platform overlay (platforms/*.ts). */
export interface Platform {
  /** What the platform is for, shown by `afc synth --help`. */
  readonly description: string;
  readonly values: Overlay;
}
