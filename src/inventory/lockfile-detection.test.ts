/**
 * Which parser `ward scan` picks for each lockfile and manifest name: exactly one, so no file
 * is read twice or silently skipped.
 */
import { describe, expect, it } from 'vitest';
import { detectParsers } from './registry.js';

describe('lockfile and manifest detection by file name', () => {
  it.each([
    ['app/package-lock.json', 'package-lock'],
    ['app/npm-shrinkwrap.json', 'package-lock'],
    ['app/yarn.lock', 'yarn-lock'],
    ['app/pnpm-lock.yaml', 'pnpm-lock'],
    ['app/bun.lock', 'bun-lock'],
    ['app/node_modules/lodash/package.json', 'npm-package-json'],
    ['app/requirements.txt', 'requirements-txt'],
    ['app/requirements-dev.txt', 'requirements-txt'],
    ['app/poetry.lock', 'poetry-lock'],
    ['app/Pipfile.lock', 'pipfile-lock'],
    ['app/uv.lock', 'uv-lock'],
    ['app/pdm.lock', 'pdm-lock'],
    ['app/pylock.toml', 'pylock-toml'],
    ['app/pyproject.toml', 'pyproject-toml'],
    ['app/Cargo.lock', 'cargo-lock'],
    ['app/Cargo.toml', 'cargo-toml'],
    ['app/go.mod', 'go-mod'],
    ['app/go.sum', 'go-sum'],
    ['app/vendor/modules.txt', 'go-vendor-modules-txt'],
    ['app/Gemfile.lock', 'gemfile-lock'],
    ['app/gems.locked', 'gemfile-lock'],
    ['app/Gemfile', 'gemfile'],
    ['app/composer.lock', 'composer-lock'],
    ['app/packages.lock.json', 'nuget-packages-lock'],
    ['app/packages.config', 'nuget-packages-config'],
    ['app/App.csproj', 'dotnet-csproj'],
    ['app/Directory.Packages.props', 'nuget-directory-packages-props'],
    ['app/bin/App.deps.json', 'dotnet-deps-json'],
    ['app/paket.lock', 'paket-lock'],
    ['app/paket.dependencies', 'paket-dependencies'],
    ['app/pom.xml', 'pom-xml'],
    ['app/gradle.lockfile', 'gradle-lockfile'],
    ['app/gradle/verification-metadata.xml', 'gradle-verification-metadata'],
    ['app/gradle/libs.versions.toml', 'gradle-version-catalog'],
    ['app/pubspec.lock', 'pubspec-lock'],
    ['app/mix.lock', 'mix-lock'],
    ['app/conan.lock', 'conan-lock'],
    ['app/cabal.project.freeze', 'cabal-project-freeze'],
    ['app/stack.yaml.lock', 'stack-yaml-lock'],
    ['app/renv.lock', 'renv-lock'],
    ['app/Podfile.lock', 'podfile-lock'],
    ['app/Package.resolved', 'swift-package-resolved'],
  ])('%s → %s', (path, id) => {
    expect(detectParsers(path, '').map((parser) => parser.id)).toEqual([id]);
  });

  it.each(['app/package.json', 'app/modules.txt', 'app/config.toml', 'app/settings.xml', 'app/README.md'])(
    '%s is not an inventory',
    (path) => {
      expect(detectParsers(path, '')).toEqual([]);
    },
  );
});
