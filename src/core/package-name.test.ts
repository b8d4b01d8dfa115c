import { describe, expect, it } from 'vitest';
import { normalizePackageName } from './package-name.js';

describe('core/package-name', () => {
  it.each([
    ['PyPI', 'Django', 'django'],
    ['PyPI', 'zope.interface', 'zope-interface'],
    ['PyPI', 'Foo__Bar--baz', 'foo-bar-baz'],
    ['NuGet', 'Newtonsoft.Json', 'newtonsoft.json'],
    ['Packagist', 'Symfony/HTTP-Kernel', 'symfony/http-kernel'],
    ['crates.io', 'Serde_JSON', 'serde-json'],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'org.apache.logging.log4j:log4j-core'],
    ['Go', 'github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
    ['npm', '@babel/core', '@babel/core'],
    ['Debian:12', 'libssl3', 'libssl3'],
  ])('%s %s → %s', (ecosystem, name, expected) => {
    expect(normalizePackageName(ecosystem, name)).toBe(expected);
  });
});
