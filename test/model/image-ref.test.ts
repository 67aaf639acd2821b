import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../platforms/index.js';
import { AfcValidationError } from '../../src/errors.js';
import { resolveValues as resolveWith, type ValuesOptions } from '../../src/model/index.js';
import { imageNameProblem, imageTagProblem, repositoryPathProblem } from '../../src/model/image-ref.js';

const resolveValues = (opts: ValuesOptions) => resolveWith(opts, builtinPlatforms);
/** The problems of a validation, one line each. */
const problems = (opts: ValuesOptions): readonly string[] => {
  try {
    resolveValues(opts);
  } catch (e) {
    expect(e).toBeInstanceOf(AfcValidationError);
    return (e as AfcValidationError).problems;
  }
  return [];
};

describe('image tags follow the distribution grammar', () => {
  it.each(['v1', 'brcm-3.8.14.0.1', '_x', 'A.b-C_9', 'a'.repeat(128)])('accepts "%s"', (tag) => expect(imageTagProblem(tag)).toBeUndefined());
  it.each(['a b', 'a\nb', '$(id)', '.x', '-x', '', 'a'.repeat(129), 'x:y', 'x/y', 'é'])('refuses %j', (tag) => expect(imageTagProblem(tag)).toMatch(/^is not a valid image tag/));
});

describe('repository paths and image names follow the distribution grammar', () => {
  it.each(['public.ecr.aws/w9v6y1o0/openafc', '110738915961.dkr.ecr.us-east-1.amazonaws.com', 'localhost:5000', 'k3d-afcregistry.localhost:12345', 'k3d-registry:5000/afc', '[::1]:5000/x', 'ghcr.io/a__b/c-d', 'mirror'])(
    'accepts the repository "%s"',
    (path) => expect(repositoryPathProblem(path)).toBeUndefined(),
  );
  it.each([
    ['Intentionally left incorrect because it requires override', /registry host "Intentionally left incorrect because it requires override" is not a host name/],
    ['registry:port/x', /registry port "port" is not a number/],
    ['reg.io//x', /empty path component/],
    ['reg.io/x/', /empty path component/],
    ['reg.io/UPPER', /"UPPER" is not a path component/],
    ['reg.io/a b', /"a b" is not a path component/],
    ['reg.io/x$(id)', /is not a path component/],
    ['-bad.io/x', /registry host "-bad.io" is not a host name/],
  ])('refuses the repository %j', (path, message) => expect(repositoryPathProblem(path)).toMatch(message));

  it('takes a registry in a name only when no repository path comes first', () => {
    expect(imageNameProblem('docker.io/library/postgres', false)).toBeUndefined();
    expect(imageNameProblem('localhost:5000/postgres', true)).toMatch(/"localhost:5000" is not a path component/);
    expect(imageNameProblem('localhost:5000/postgres', false)).toBeUndefined();
    expect(imageNameProblem('afc-worker', true)).toBeUndefined();
    expect(imageNameProblem('afc worker', true)).toMatch(/^is not a valid image name: "afc worker" is not a path component/);
  });
});

describe('the model refuses an image that is not a valid reference, naming the value and the key', () => {
  it.each([
    ['a b', '"a b"'],
    ['a\nb', '"a\\nb"'],
    ['$(id)', '"$(id)"'],
  ])('--set components.worker.imageTag=%j', (tag, shown) => {
    expect(problems({ sets: [`components.worker.imageTag=${tag}`] })).toEqual([
      `components.worker.imageTag: ${shown} is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`,
    ]);
  });

  it('names components.default once for a tag every component takes from there', () => {
    expect(problems({ sets: ['components.default.imageTag=bad tag'] })).toEqual([
      'components.default.imageTag: "bad tag" is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"',
    ]);
  });

  it('checks the chart appVersion when no tag is set', () => {
    expect(problems({ sets: ['chart.appVersion=1 0'] })).toEqual([
      'chart.appVersion: "1 0" is not a valid image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"',
    ]);
  });

  it('checks the repository path a component uses, and only that one (the k3d default is a placeholder)', () => {
    expect(problems({ sets: ['imageRepositories.public.path=reg.io/A B'] })).toEqual([
      'imageRepositories.public.path: "reg.io/A B" is not a valid image repository: "A B" is not a path component (lower-case letters and digits, separated by ".", "_", "__" or "-"): give a registry and path such as "public.ecr.aws/w9v6y1o0/openafc" or "localhost:5000"',
    ]);
    expect(problems({ sets: ['components.default.imageRepositoryKeyOverride=k3d'] })).toEqual([
      'imageRepositories.k3d.path: "Intentionally left incorrect because it requires override" is not a valid image repository: its registry host "Intentionally left incorrect because it requires override" is not a host name (letters, digits, "-" and "."): give a registry and path such as "public.ecr.aws/w9v6y1o0/openafc" or "localhost:5000"',
    ]);
    expect(problems({ sets: ['components.default.imageRepositoryKeyOverride=k3d', 'imageRepositories.k3d.path=k3d-afcregistry.localhost:12345'] })).toEqual([]);
  });

  it('checks image names from values files and platforms alike', () => {
    expect(problems({ platforms: ['k3d'], sets: ['components.rmq.imageName=Rmq'] })).toEqual([
      'components.rmq.imageName: "Rmq" is not a valid image name: "Rmq" is not a path component (lower-case letters and digits, separated by ".", "_", "__" or "-"): give an image name such as "afc-worker"',
    ]);
  });

  it('accepts the defaults and a valid tag', () => {
    expect(problems({ sets: ['components.worker.imageTag=v1.2_3-rc'] })).toEqual([]);
  });
});
