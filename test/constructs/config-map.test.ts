import { describe, expect, it } from 'vitest';
import { synth, find, names } from '../support/synth.js';

describe('AfcConfigMap', () => {
  it('renders one ConfigMap per configmaps key, named rfc1123', () => {
    expect(names(synth(), 'ConfigMap')).toEqual([
      'als-client', 'als-kafka', 'als-kafka-common', 'als-siphon', 'celery-client', 'dispatcher', 'msghnd', 'objst',
      'objst-client', 'objst-common', 'rat-server', 'rcache', 'rcache-client', 'rcache-common', 'uls-downloader', 'worker',
    ]);
  });

  it('renders every value as a string, with placeholders resolved and @I/@S suffixes stripped', () => {
    const objects = synth();
    expect(find(objects, 'ConfigMap', 'als-client').data).toEqual({
      ALS_KAFKA_CLIENT_BOOTSTRAP_SERVERS: 'als-kafka:9092',
      ALS_KAFKA_MAX_REQUEST_SIZE: '10485760',
    });
    expect(find(objects, 'ConfigMap', 'worker').data).toMatchObject({ AFC_WORKER_CELERY_CONCURRENCY: '2', AFC_AEP_REAL_MOUNTPOINT: '/mnt/nfs/rat_transfer/3dep/1_arcsec' });
    expect(find(objects, 'ConfigMap', 'dispatcher').data).toMatchObject({ AFC_WEBUI_NAME: 'webui', AFC_MSGHND_PORT: '80' });
  });

  it('renders a boolean overlay value the way Go prints it', () => {
    expect(find(synth({ platforms: ['http'] }), 'ConfigMap', 'dispatcher').data).toMatchObject({ AFC_ENFORCE_HTTPS: 'false' });
  });

  it('drops a variable whose optional mount is absent (no_secrets)', () => {
    expect(find(synth(), 'ConfigMap', 'uls-downloader').data).toHaveProperty('ULS_ALARM_SMTP_INFO', '/secrets/notifier_mail_secret/NOTIFIER_MAIL.json');
    expect(find(synth({ platforms: ['no_secrets'] }), 'ConfigMap', 'uls-downloader').data).not.toHaveProperty('ULS_ALARM_SMTP_INFO');
  });

  it('follows a hostname change into every reference', () => {
    const objects = synth({ sets: ['components.msghnd.hostname=api'] });
    expect(find(objects, 'ConfigMap', 'rcache').data).toMatchObject({ RCACHE_AFC_REQ_URL: 'http://api:80/fbrat/ap-afc/availableSpectrumInquiry?nocache=True' });
    expect(find(objects, 'Service', 'api').spec).toMatchObject({ ports: [{ name: 'msghnd', port: 80, targetPort: 8000 }] });
  });
});
