import { ApiObject, JsonPatch, type GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';

/**
 * A Kubernetes object built from typed props of a generated class, plus free-form fragments of the
 * chart values (volume sources, security contexts, HPA metric and behavior, monitor endpoints) set
 * verbatim at JSON pointers.
 *
 * Why not the generated class itself: its toJson runs every field, patches included, through typed
 * converters that drop what they do not model (a plain string where a Quantity object is expected, a
 * field newer than the imported API). Here the typed props are converted once, by the same generated
 * converter, and the fragments are JSON patches applied after it.
 */
export function kubeObject<P>(
  scope: Construct,
  id: string,
  gvk: GroupVersionKind,
  toJson: (props: P) => Record<string, unknown> | undefined,
  props: P,
  fragments: Readonly<Record<string, unknown>> = {},
): ApiObject {
  const obj = new ApiObject(scope, id, { ...toJson(props), ...gvk });
  for (const [pointer, value] of Object.entries(fragments)) {
    if (value !== undefined) obj.addJsonPatch(JsonPatch.add(pointer, value));
  }
  return obj;
}
