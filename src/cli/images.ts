/** `afc images push`: local images into the k3d registry (the k3d_push_images script); `afc images registry create|delete` (k3d_registry.py). */
import { Command, Option } from 'commander';
import { timeoutOption } from './runner-flags.js';

export function register(program: Command): void {
  const images = program.command('images').description('AFC docker images and the k3d registry');
  images
    .command('push')
    .description('tag and push the local images with a tag into the k3d registry')
    .argument('<tag>', 'image tag, or AUTO for <login>_<checkout folder>')
    .option('--k3d-reg <[name][:port]>', 'k3d registry to push to, when several run')
    .addOption(new Option('--k3d_reg <[name][:port]>').hideHelp())
    .option('--registry <host[:port][/path]>', 'push to this registry, by address, instead of a k3d registry (not with --k3d-reg)')
    .option('--push-registry <host[:port][/path]>', 'with --registry: tag the images for --registry (where the cluster pulls them) and push them here')
    .option('--dry-run', 'print the docker tag/push commands and run none (k3d registry list and docker image list still run)')
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Images whose repository starts with k3d- or localhost (registry copies) are skipped; where the registry's
name does not resolve on this machine, images are pushed through localhost:PORT.

Examples:
  $ afc images push AUTO
  $ afc images push --k3d-reg :41237 mytag
  $ afc images push --registry pull.example.com/afc --push-registry push.example.com/afc mytag`,
    )
    .action(async (tag: string, opts: { k3dReg?: string; k3d_reg?: string; registry?: string; pushRegistry?: string; dryRun?: boolean; verbose?: boolean; timeout?: string[] }) => {
      const { runImagesPush } = await import('../runner/images.js');
      await runImagesPush(tag, {
        k3dReg: opts.k3dReg ?? opts.k3d_reg,
        registry: opts.registry,
        pushRegistry: opts.pushRegistry,
        dryRun: opts.dryRun,
        verbose: opts.verbose,
        timeout: opts.timeout,
      });
    });

  const registry = images.command('registry').description('create or delete the k3d image registry (idempotent)');
  for (const action of ['create', 'delete'] as const) {
    registry
      .command(action)
      .description(
        action === 'create'
          ? 'create the k3d registry unless one runs (default name afc-registry.localhost)'
          : 'delete the k3d registry NAME, or the one that runs',
      )
      .argument('[name]', 'registry name, with or without the k3d- prefix')
      .option('--force', action === 'create' ? 'create NAME even though another registry runs' : 'with no NAME, delete every running registry')
      .option('--dry-run', 'print the k3d command and run none (k3d registry list still runs)')
      .option('-v, --verbose', 'echo each command and show its output')
      .addOption(timeoutOption())
      .action(async (name: string | undefined, opts: { force?: boolean; dryRun?: boolean; verbose?: boolean; timeout?: string[] }) => {
        const { runImagesRegistry } = await import('../runner/images.js');
        await runImagesRegistry(action, { name, force: opts.force, dryRun: opts.dryRun, verbose: opts.verbose, timeout: opts.timeout });
      });
  }
}
