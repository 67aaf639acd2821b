import { describe, expect, it } from 'vitest';
import { at, find, names, synth } from '../support/synth.js';

describe('AfcStatefulSet', () => {
  it('renders ratdb and bulk_postgres as StatefulSets named after the component', () => {
    expect(names(synth(), 'StatefulSet')).toEqual(['bulk-postgres', 'ratdb']);
  });

  it('has one PVC template from pvc, mounted at pvc.mountPath, and serviceName = the component name', () => {
    const ratdb = find(synth(), 'StatefulSet', 'ratdb');
    expect(at(ratdb, 'spec.serviceName')).toBe('ratdb');
    expect(at(ratdb, 'spec.volumeClaimTemplates')).toEqual([
      { metadata: { name: 'postgres-data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
    ]);
    expect(at(ratdb, 'spec.template.spec.containers.0.volumeMounts')).toEqual([{ name: 'postgres-data', mountPath: '/var/lib/postgresql/data' }]);
    expect(at(ratdb, 'spec.template.spec.containers.0')).not.toHaveProperty('envFrom');
  });

  it('takes the access mode from components.default and lets a component override it', () => {
    expect(at(find(synth({ sets: ['components.ratdb.pvc.accessMode=ReadWriteOncePod'] }), 'StatefulSet', 'ratdb'), 'spec.volumeClaimTemplates.0.spec.accessModes')).toEqual(['ReadWriteOncePod']);
  });

  it('is not rendered, nor its Services, when the image is removed (gcp)', () => {
    const objects = synth({ platforms: ['gcp'] });
    expect(names(objects, 'StatefulSet')).toEqual([]);
    expect(names(objects, 'Service')).not.toContain('ratdb');
    expect(names(objects, 'Service')).not.toContain('bulk-postgres-headless');
  });
});
