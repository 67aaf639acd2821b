/**
 * Typed env references for the defaults. Each returns the chart's placeholder string
 * (`{{host:C}}`, `{{port:C:P}}`, ...), so the defaults stay plain data that serializes to the
 * original values.yaml, while the compiler checks the component, port and volume keys.
 * Composite values are ordinary template literals: `` `${host('als_kafka')}:${port('als_kafka', 'kafka')}` ``.
 */
import type { ComponentKey } from '../schema.js';
import type { DefaultComponents } from './components.js';

type KeysOf<T, F extends string> = T extends { [K in F]: infer V } ? Extract<keyof V, string> : never;
/** Port keys of component C in the defaults. */
export type PortKey<C extends ComponentKey> = KeysOf<DefaultComponents[C], 'ports'>;
/** Static volume keys mounted by component C in the defaults. */
export type MountKey<C extends ComponentKey> = KeysOf<DefaultComponents[C], 'staticVolumeMounts'>;
/** What to do when the component does not mount the volume. */
export type IfAbsent = 'optional' | 'nullable' | 'required';

/** Host (Service) name of component C. */
export const host = <C extends ComponentKey>(c: C): `{{host:${C}}}` => `{{host:${c}}}`;

/** Service port of port P of component C. */
export const port = <C extends ComponentKey, P extends PortKey<C>>(c: C, p: P): `{{port:${C}:${P}}}` =>
  `{{port:${c}:${p}}}`;

/** Container port (or service port) of port P of component C. */
export const containerPort = <C extends ComponentKey, P extends PortKey<C>>(
  c: C,
  p: P,
): `{{containerPort:${C}:${P}}}` => `{{containerPort:${c}:${p}}}`;

/** Mount path of static volume V in component C; `ifAbsent` decides when C does not mount V. */
export function mount<C extends ComponentKey, V extends MountKey<C>>(c: C, v: V, ifAbsent?: IfAbsent): string {
  return ifAbsent ? `{{staticVolumeMount:${c}:${v}:${ifAbsent}}}` : `{{staticVolumeMount:${c}:${v}}}`;
}
