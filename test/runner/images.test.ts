import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imagesToPush, parseDockerImages } from '../../src/runner/images.js';
import { runImagesPush } from '../../src/runner/images.js';
import { CANNED_REGISTRY, destructive, makeBench, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

const REGISTRY = CANNED_REGISTRY.address;

describe('afc images push', () => {
  it('tags and pushes every non-local image with the tag, one per base name, skipping registry copies', async () => {
    await runImagesPush('mytag', {}, bench.host);
    expect(bench.commands()).toEqual([
      { tool: 'k3d', argv: ['registry', 'list', '-o', 'json'] },
      { tool: 'docker', argv: ['image', 'list'] },
      { tool: 'docker', argv: ['image', 'tag', '1111aaaa2222', `${REGISTRY}/rmq-image:mytag`] },
      { tool: 'docker', argv: ['image', 'push', `${REGISTRY}/rmq-image:mytag`] },
      { tool: 'docker', argv: ['image', 'tag', '3333bbbb4444', `${REGISTRY}/afc-worker:mytag`] },
      { tool: 'docker', argv: ['image', 'push', `${REGISTRY}/afc-worker:mytag`] },
    ]);
    expect(bench.stdout()).toBe(`Pushed 2 images with tag mytag to ${REGISTRY}.\n`);
  });

  it('pushes through localhost when the registry name does not resolve on this machine', async () => {
    const host = { ...bench.host, resolves: async () => false };
    await runImagesPush('mytag', {}, host);
    expect(destructive(bench.commands()).slice(0, 3)).toEqual([
      { tool: 'docker', argv: ['image', 'tag', '1111aaaa2222', `${REGISTRY}/rmq-image:mytag`] },
      { tool: 'docker', argv: ['image', 'tag', '1111aaaa2222', 'localhost:41237/rmq-image:mytag'] },
      { tool: 'docker', argv: ['image', 'push', 'localhost:41237/rmq-image:mytag'] },
    ]);
  });

  it('pushes to a registry given by address, tagged for --registry and pushed to --push-registry, never through localhost', async () => {
    const host = { ...bench.host, resolves: async () => false };
    await runImagesPush('mytag', { registry: 'pull.example.com/afc', pushRegistry: 'push.example.com/afc' }, host);
    expect(bench.commands().slice(0, 4)).toEqual([
      { tool: 'docker', argv: ['image', 'list'] },
      { tool: 'docker', argv: ['image', 'tag', '1111aaaa2222', 'pull.example.com/afc/rmq-image:mytag'] },
      { tool: 'docker', argv: ['image', 'tag', '1111aaaa2222', 'push.example.com/afc/rmq-image:mytag'] },
      { tool: 'docker', argv: ['image', 'push', 'push.example.com/afc/rmq-image:mytag'] },
    ]);
    expect(bench.stdout()).toBe('Pushed 2 images with tag mytag to push.example.com/afc.\n');
  });

  it('refuses --push-registry without --registry, and --registry with --k3d-reg, before running anything', async () => {
    await expect(runImagesPush('mytag', { pushRegistry: 'p.example.com' }, bench.host)).rejects.toThrow('--push-registry needs --registry');
    await expect(runImagesPush('mytag', { registry: 'r.example.com', k3dReg: 'a' }, bench.host)).rejects.toThrow('--registry names the registry by address and --k3d-reg picks');
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a tag that no image has', async () => {
    await expect(runImagesPush('nothing', {}, bench.host)).rejects.toThrow(/no docker image has the tag "nothing"/);
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('refuses two different images with one base name and tag before pushing any', async () => {
    bench.setState('docker-images.txt', 'REPOSITORY TAG IMAGE ID CREATED SIZE\nx/rmq-image t 1111 1s 1B\na/b t 3333 1s 1B\ny/rmq-image t 2222 1s 1B\n');
    await expect(runImagesPush('t', {}, bench.host)).rejects.toThrow(/two different images are named rmq-image:t \(x\/rmq-image:t, y\/rmq-image:t\)/);
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('refuses several registries without --k3d-reg, and pushes to the one --k3d-reg names', async () => {
    bench.setState('registries.json', [
      { name: 'k3d-a.localhost', portMappings: { '5000/tcp': [{ HostPort: '1' }] } },
      { name: 'k3d-b.localhost', portMappings: { '5000/tcp': [{ HostPort: '2' }] } },
    ]);
    await expect(runImagesPush('mytag', {}, bench.host)).rejects.toThrow(/several k3d registries are running/);
    expect(destructive(bench.commands())).toEqual([]);
    await runImagesPush('mytag', { k3dReg: 'b.localhost' }, bench.host);
    expect(destructive(bench.commands())[1]).toEqual({ tool: 'docker', argv: ['image', 'push', 'k3d-b.localhost:2/rmq-image:mytag'] });
  });

  it('refuses a tag Docker would not accept', async () => {
    await expect(runImagesPush('-bad', {}, bench.host)).rejects.toThrow(/image tag "-bad" is not a valid Docker tag/);
    expect(bench.commands()).toEqual([]);
  });

  it('prints the tags and pushes with --dry-run and runs none', async () => {
    await runImagesPush('mytag', { dryRun: true }, bench.host);
    expect(destructive(bench.commands())).toEqual([]);
    expect(bench.stdout()).toBe(
      [
        `docker image tag 1111aaaa2222 ${REGISTRY}/rmq-image:mytag`,
        `docker image push ${REGISTRY}/rmq-image:mytag`,
        `docker image tag 3333bbbb4444 ${REGISTRY}/afc-worker:mytag`,
        `docker image push ${REGISTRY}/afc-worker:mytag`,
        '',
      ].join('\n'),
    );
  });
});

describe('docker image lists', () => {
  it('skips the header and lines without an image id', () => {
    expect(parseDockerImages('REPOSITORY   TAG   IMAGE ID   CREATED   SIZE\nfoo/bar  t  abc123  1s  1B\n\n')).toEqual([
      { repository: 'foo/bar', tag: 't', id: 'abc123' },
    ]);
  });

  it('keeps one image per base name when the same id is listed under two repositories', () => {
    const images = parseDockerImages('a/x t 11 1s 1B\nb/x t 11 1s 1B\n');
    expect(imagesToPush(images, 't')).toEqual([{ base: 'x', id: '11', source: 'a/x:t' }]);
  });
});
