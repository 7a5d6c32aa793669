// The kiosk configuration names the branch configuration file its embedded branch service
// serves (branchService.branchConfigFile); a remote service reads its own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../src/config.js';

const PIN_HASH = `scrypt$00112233445566778899aabbccddeeff$${'ab'.repeat(32)}`;

describe('kiosk configuration: branchService.branchConfigFile', () => {
  it('is absent by default: the embedded service serves the sample configuration', () => {
    expect(parseConfig({}, 'k.json', '/etc/kiosk').branchService).toEqual({
      kind: 'embedded',
      port: 0,
    });
  });

  it('resolves against the configuration file folder, like dataDir', () => {
    const read = (branchConfigFile: string) =>
      parseConfig({ branchService: { branchConfigFile } }, 'k.json', '/etc/kiosk').branchService;
    expect(read('branch.json')).toEqual({
      kind: 'embedded',
      port: 0,
      branchConfigFile: path.resolve('/etc/kiosk', 'branch.json'),
    });
    expect(read('/srv/branch/branch.json')).toMatchObject({
      branchConfigFile: '/srv/branch/branch.json',
    });
  });

  it('refuses an empty path or one that is not a string, naming the setting', () => {
    const parse = (branchConfigFile: unknown) => () =>
      parseConfig({ branchService: { branchConfigFile } }, 'k.json', '/');
    expect(parse('')).toThrow(ConfigError);
    expect(parse('')).toThrow(/"branchService\.branchConfigFile" must be a non-empty string/);
    expect(parse(42)).toThrow(/branchService\.branchConfigFile/);
  });

  it('is refused with a remote branch service, which reads its own file', () => {
    expect(() =>
      parseConfig(
        {
          kioskId: 'kiosk-07',
          kioskToken: 'provisioned',
          guide: { pinHash: PIN_HASH },
          branchService: {
            kind: 'remote',
            url: 'https://branch.example/',
            branchConfigFile: 'branch.json',
          },
        },
        'k.json',
        '/',
      ),
    ).toThrow(/embedded branch service only.*BRANCH_SERVICE_BRANCH_CONFIG/);
  });
});
