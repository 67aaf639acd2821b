import type { Platform } from '../src/model/overlay.js';

/** Runs without secrets: uls_downloader does not mount the notifier mail secret. */
export const noSecrets: Platform = {
  description: 'no secrets: uls_downloader without the notifier mail secret',
  values: { components: { uls_downloader: { staticVolumeMounts: { notifier_mail_secret: null } } } },
};
