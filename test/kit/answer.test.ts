// The one parser of programs' JSON answers (kit/answer.ts) and kubectl's reading of a List through it
// (kit/kubectl.ts parseObjects): the errors name the command and the fix, word for word as before the kit.
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseAnswer } from '../../src/kit/answer.js';
import { parseObjects } from '../../src/kit/kubectl.js';

const schema = z.array(z.looseObject({ name: z.string() }));

describe('parseAnswer', () => {
  it('returns the answer checked against the schema', () => {
    expect(parseAnswer('[{"name":"afc","extra":1}]', schema, 'k3d cluster list -o json')).toEqual([{ name: 'afc', extra: 1 }]);
  });

  it('names the command when the answer is not JSON, or says what the caller asks for', () => {
    expect(() => parseAnswer('FATA[0000] no such command', schema, 'k3d cluster list -o json')).toThrow(
      '`k3d cluster list -o json` did not print JSON: check that the right program is on PATH',
    );
    expect(() => parseAnswer('oops', schema, 'kubectl get pods', { notJson: 'kubectl get pods answered something else' })).toThrow('kubectl get pods answered something else');
  });

  it('names the command and the first mismatch of the schema', () => {
    expect(() => parseAnswer('[{"name":3}]', schema, 'k3d registry list -o json')).toThrow(
      '`k3d registry list -o json` printed unexpected JSON (at 0.name: Invalid input: expected string, received number)',
    );
    expect(() => parseAnswer('{}', schema, 'helm list -o json')).toThrow(/^`helm list -o json` printed unexpected JSON \(at top level: /);
  });
});

describe("parseObjects (kubectl's JSON answers)", () => {
  it('reads a List as its items, one object as itself, nothing as nothing', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } };
    expect(parseObjects(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [cm, cm] }), 'kubectl get')).toEqual([cm, cm]);
    expect(parseObjects(JSON.stringify({ kind: 'ConfigMapList', items: [cm] }), 'kubectl get')).toEqual([cm]);
    expect(parseObjects(JSON.stringify(cm), 'kubectl apply')).toEqual([cm]);
    expect(parseObjects(' \n', 'kubectl get')).toEqual([]);
    expect(parseObjects('[1]', 'kubectl get')).toEqual([]);
  });

  it('says that kubectl answered something that is not JSON, naming the call and AFC_KUBECTL', () => {
    expect(() => parseObjects('error: unknown flag', 'kubectl get configmaps,secrets')).toThrow(
      'kubectl get configmaps,secrets answered something that is not JSON: check the kubectl version (AFC_KUBECTL)',
    );
  });
});
