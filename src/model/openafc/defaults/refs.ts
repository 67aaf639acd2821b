/**
 * Env references of the 1.0.x defaults, checked by the compiler: every `{{host:C}}`, `{{port:C:P}}`,
 * `{{containerPort:C:P}}`, `{{staticVolumeMount:C:V}}`, `{{secretFile:S}}`, `{{secretProperty:S}}`,
 * `{{ip:K}}` and `{{sameAs:G:E}}` in a revision's values (its defaults, or defaults and a platform)
 * must name a component, port, mount, external secret, external IP or sharedEnv entry those values
 * have. The data keeps upstream's strings (`as const`, so their literal types are known); the check is
 * a type: `CheckRefs<V>` is `true`, or the list of the bad references, which the compiler prints:
 *
 * ```ts
 * export type Refs = Assert<CheckRefs<typeof openafc_1_0_1_0>>;
 * // error: Type '"{{port:rcache:nope}}: unknown port"' does not satisfy the constraint 'true'
 * ```
 */

/** T with every property and array readonly (the type of `as const` data). */
export type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** `B` over `A` as mergeValues merges them, at the type level (maps merge; anything else replaces; null removes). */
export type DeepMerge<A, B> = {
  [K in keyof A | keyof B]: K extends keyof B
    ? B[K] extends null
      ? never
      : K extends keyof A
        ? A[K] extends readonly unknown[]
          ? B[K]
          : B[K] extends readonly unknown[]
            ? B[K]
            : A[K] extends object
              ? B[K] extends object
                ? DeepMerge<A[K], B[K]>
                : B[K]
              : B[K]
        : B[K]
    : K extends keyof A
      ? A[K]
      : never;
};

/** The `{{...}}` bodies in a string type. */
type Bodies<S> = S extends `${string}{{${infer B}}}${infer Rest}` ? B | Bodies<Rest> : never;
/** Every string leaf of a type. */
type Leaves<T> = T extends string ? T : T extends readonly (infer E)[] ? Leaves<E> : T extends object ? { [K in keyof T]: Leaves<T[K]> }[keyof T] : never;

/** The property K of T, or a type with no keys (so `keyof` of a missing map is never). */
type At<T, K> = T extends object ? (K extends keyof T ? T[K] : Record<never, never>) : Record<never, never>;
type Components<V> = At<V, 'components'>;
type Component<V, C> = At<Components<V>, C>;
/** The reference without its `:optional` / `:nullable` / `:required` suffix. */
type Bare<B> = B extends `${infer R}:${'optional' | 'nullable' | 'required'}` ? R : B;

type BadComponent<V, C, B extends string> = C extends keyof Components<V> ? never : `{{${B}}}: unknown component`;
type BadRef<V, B extends string> =
  Bare<B> extends `host:${infer C}`
    ? BadComponent<V, C, B>
    : Bare<B> extends `${'port' | 'containerPort'}:${infer C}:${infer P}`
      ? C extends keyof Components<V>
        ? P extends keyof At<Component<V, C>, 'ports'>
          ? never
          : `{{${B}}}: unknown port`
        : `{{${B}}}: unknown component`
      : Bare<B> extends `staticVolumeMount:${infer C}:${infer M}`
        ? C extends keyof Components<V>
          ? M extends keyof At<Component<V, C>, 'staticVolumeMounts'>
            ? never
            : `{{${B}}}: the component mounts no such static volume`
          : `{{${B}}}: unknown component`
        : Bare<B> extends `${'secretFile' | 'secretProperty'}:${infer S}`
          ? S extends keyof At<V, 'externalSecrets'>
            ? never
            : B extends `${string}:optional`
              ? never
              : `{{${B}}}: unknown external secret (not optional)`
          : Bare<B> extends `ip:${infer K}`
            ? K extends keyof At<V, 'externalIps'>
              ? never
              : `{{${B}}}: unknown external IP key`
            : Bare<B> extends `sameAs:${infer G}:${infer E}`
              ? G extends keyof At<V, 'sharedEnv'>
                ? E extends keyof At<At<V, 'sharedEnv'>, G>
                  ? never
                  : B extends `${string}:optional`
                    ? never
                    : `{{${B}}}: no such entry in the sharedEnv group`
                : `{{${B}}}: unknown sharedEnv group`
              : `{{${B}}}: unknown placeholder`;

/** The bad references of values V (never when all are good). */
export type BadRefs<V> = Bodies<Leaves<V>> extends infer B ? (B extends string ? BadRef<V, B> : never) : never;

/** `true` when every reference of V is good, else the bad ones (a type error where `true` is required). */
export type CheckRefs<V> = [BadRefs<V>] extends [never] ? true : BadRefs<V>;

/** Requires `true`: `Assert<CheckRefs<typeof values>>`. */
export type Assert<T extends true> = T;
