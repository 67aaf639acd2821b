/**
 * `afc images push TAG`: copies the locally built AFC images with tag TAG into the k3d registry.
 *
 * From `docker image list`, every image with the tag whose repository does not start with `k3d-` or
 * `localhost` (copies already made for a registry) is tagged `REGISTRY:PORT/BASE:TAG`, BASE being the
 * last part of its repository, and pushed. Two different image ids for one BASE are an error. Where
 * the registry's host name does not resolve on this machine (it does in the k3d network, not always
 * here), the image is also tagged `localhost:PORT/BASE:TAG` and pushed under that name.
 */
import { AfcError } from '../errors.js';
import { withInterrupts } from '../kit/interrupt.js';
import { execFor, type Exec, type RunnerOptions } from '../kit/exec.js';
import { processHost, type Host } from '../kit/host.js';
import { imageTag } from './names.js';
import { runPlanned } from '../kit/plan.js';
import { Progress } from '../kit/progress.js';
import { externalRegistry, findRegistry, registryCommand, type Registry, type RegistryCommandOptions } from './registry.js';

export interface DockerImage {
  readonly repository: string;
  readonly tag: string;
  readonly id: string;
}

/** Rows of `docker image list` (REPOSITORY TAG IMAGE-ID ...); the header and odd lines are skipped. */
export function parseDockerImages(text: string): DockerImage[] {
  return text.split('\n').flatMap((line) => {
    const m = /^(\S+)\s+(\S+)\s+([0-9a-f]+)\s/.exec(`${line} `);
    return m ? [{ repository: m[1]!, tag: m[2]!, id: m[3]! }] : [];
  });
}

export interface ImageToPush {
  readonly base: string;
  readonly id: string;
  readonly source: string;
}

/** The images to push for a tag, one per base name. */
export function imagesToPush(images: readonly DockerImage[], tag: string): ImageToPush[] {
  const byBase = new Map<string, ImageToPush>();
  for (const image of images) {
    if (image.tag !== tag || image.repository.startsWith('k3d-') || image.repository.startsWith('localhost')) continue;
    const base = image.repository.slice(image.repository.lastIndexOf('/') + 1);
    const seen = byBase.get(base);
    if (seen && seen.id !== image.id) {
      throw new AfcError(
        `two different images are named ${base}:${tag} (${seen.source}, ${image.repository}:${tag}): remove one (docker image rm) or use another tag`,
      );
    }
    if (!seen) byBase.set(base, { base, id: image.id, source: `${image.repository}:${tag}` });
  }
  return [...byBase.values()];
}

/** docker arguments that put one image into the registry. */
export function pushCommands(image: ImageToPush, tag: string, registry: Registry, viaLocalhost: boolean): string[][] {
  const pull = `${registry.address}/${image.base}:${tag}`;
  // Tagged for the cluster's pulls, and for the push when that goes elsewhere (as upstream's push_images.py).
  const other = registry.push !== undefined ? `${registry.push}/${image.base}:${tag}` : viaLocalhost ? `localhost:${registry.port}/${image.base}:${tag}` : undefined;
  return [['image', 'tag', image.id, pull], ...(other !== undefined ? [['image', 'tag', image.id, other]] : []), ['image', 'push', other ?? pull]];
}

/**
 * Lists the images (read-only), checks them, then tags and pushes each. In a dry run after a build
 * (that did not run) the images are unknown, so only that they would be pushed is said.
 */
export async function pushImages(exec: Exec, progress: Progress, registry: Registry, tag: string, afterBuild = false): Promise<number> {
  if (exec.dryRun && afterBuild) {
    progress.step(`dry run: the images that the build tags ${tag} would then be pushed to ${registry.address}`);
    return 0;
  }
  const images = imagesToPush(parseDockerImages(await exec.query('docker', ['image', 'list'])), tag);
  if (images.length === 0) {
    throw new AfcError(`no docker image has the tag "${tag}": build the images first (afc install --build) or check the tag`);
  }
  const viaLocalhost = !registry.external && !(await exec.host.resolves(registry.name));
  if (viaLocalhost) progress.step(`${registry.name} does not resolve here: pushing through localhost:${registry.port}`);
  for (const image of images) {
    await progress.long(`pushing ${image.base}:${tag} to ${registry.push ?? registry.address}`, async () => {
      for (const args of pushCommands(image, tag, registry, viaLocalhost)) await runPlanned(exec, progress, { tool: 'docker', args, opts: {} });
    });
  }
  return images.length;
}

export interface ImagesPushOptions extends RunnerOptions {
  readonly k3dReg?: string;
  /** A registry by address (HOST[:PORT][/PATH]) instead of a k3d registry. */
  readonly registry?: string;
  /** With `registry`: push here, the images tagged for `registry` too. */
  readonly pushRegistry?: string;
  readonly dryRun?: boolean;
  readonly verbose?: boolean;
}

/** ImagesPush, with interrupts handled (interrupt.ts). */
export function runImagesPush(tagArg: string, opts: ImagesPushOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(() => _imagesPush(tagArg, opts, host));
}

async function _imagesPush(tagArg: string, opts: ImagesPushOptions, host: Host): Promise<void> {
  const exec = execFor(host, opts);
  const progress = new Progress(host, exec.dryRun);
  const tag = imageTag(tagArg, host);
  if (opts.registry !== undefined && opts.k3dReg !== undefined) throw new AfcError('--registry names the registry by address and --k3d-reg picks a running k3d registry: give one of them');
  if (opts.pushRegistry !== undefined && opts.registry === undefined) throw new AfcError('--push-registry needs --registry (the registry the images are tagged for, where the cluster pulls them): add it');
  const registry = opts.registry !== undefined ? externalRegistry(opts.registry, opts.pushRegistry) : await findRegistry(exec, opts.k3dReg);
  const count = await pushImages(exec, progress, registry, tag);
  if (exec.dryRun) progress.step('dry run: nothing was pushed');
  else host.stdout.write(`Pushed ${count} image${count === 1 ? '' : 's'} with tag ${tag} to ${registry.push ?? registry.address}.\n`);
}

/** `afc images registry create|delete [NAME]`, with interrupts handled (interrupt.ts). */
export function runImagesRegistry(action: 'create' | 'delete', opts: RegistryCommandOptions & RunnerOptions = {}, host: Host = processHost()): Promise<void> {
  return withInterrupts(async () => {
    const exec = execFor(host, opts);
    const message = await registryCommand(exec, action, opts);
    const progress = new Progress(host, exec.dryRun);
    if (exec.dryRun) progress.step(`dry run: nothing was changed (${message.replace(/ created$| deleted$/, (m) => ` would be${m}`)})`);
    else host.stdout.write(`${message[0]!.toUpperCase()}${message.slice(1)}.\n`);
  });
}
