import { describe, expect, it } from 'vitest';
import {
  captureWardError,
  type DetailRow,
  detailRows,
  problemLines,
  readInventoryFixture,
} from '../../test/support/inventory-fixtures.js';
import { requirementsTxtParser } from './requirements-txt.js';

function parseFixture(file: string) {
  return requirementsTxtParser.parse(
    readInventoryFixture('requirements-txt', file),
    `requirements-txt/${file}`,
  );
}

// Golden rows: [name, version, line, direct, scope, purl], then the problems reported.
describe('src/inventory/requirements-txt', () => {
  it.each<[string, DetailRow[], string[]]>([
    [
      'comments.txt',
      [
        ['PyCrypto', '1.2-alpha', 2, undefined, undefined, 'pkg:pypi/pycrypto@1.2-alpha'],
        ['GMPY2', '1', 3, undefined, undefined, 'pkg:pypi/gmpy2@1'],
        ['SymPy', '1.2', 6, undefined, undefined, 'pkg:pypi/sympy@1.2'],
        ['requests', '1.0', 7, undefined, undefined, 'pkg:pypi/requests@1.0'],
        ['six', '1.2', 8, undefined, undefined, 'pkg:pypi/six@1.2'],
      ],
      [],
    ],
    [
      'env_var.txt',
      [
        ['asdf', '1.2', 1, undefined, undefined, 'pkg:pypi/asdf@1.2'],
        ['another', '1.0', 3, undefined, undefined, 'pkg:pypi/another@1.0'],
      ],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: pip's environment variable syntax, not a template
      ['2:warning: qwert==${MY_VARIABLE_1} is not one exact version (wildcard or variable); not inventoried'],
    ],
    [
      'example.txt',
      [['docopt', '0.6.1', 8, undefined, undefined, 'pkg:pypi/docopt@0.6.1']],
      [
        '3:warning: pytest is not pinned (no version); not inventoried',
        '4:warning: pytest-cov is not pinned (no version); not inventoried',
        '5:warning: beautifulsoup4 is not pinned (no version); not inventoried',
        '9:warning: requests >= 2.8.1, == 2.8.* is a range, not a pin; not inventoried',
        '10:warning: urllib3 is installed from a URL, not a pinned version; not inventoried',
        '13:warning: keyring >= 4.1.1 is a range, not a pin; not inventoried',
        '15:warning: coverage != 3.5 is a range, not a pin; not inventoried',
        '17:warning: Mopidy-Dirble ~= 1.1 is a range, not a pin; not inventoried',
        '25:warning: URL or path requirement "./downloads/numpy-1.9.2-cp34-none-win32.whl" has no pinned version; not inventoried',
        '28:warning: URL or path requirement "http://wxpython.org/Phoenix/snapshot-builds/wxPython_Phoenix-3.0.3.dev1820+49a8884-cp34-none-win_amd64.whl" has no pinned version; not inventoried',
      ],
    ],
    [
      'extras.txt',
      [
        ['pyjwt', '2.1.0', 1, undefined, undefined, 'pkg:pypi/pyjwt@2.1.0'],
        ['celery', '4.4.7', 2, undefined, undefined, 'pkg:pypi/celery@4.4.7'],
      ],
      [],
    ],
    [
      'invalid.txt',
      [],
      [
        '1:error: asdf== has no version',
        '2:error: expected a requirement (name and version), got "==1.0"',
        '3:error: expected a version specifier after asdf, got "1.0"',
        '4:warning: urllib3 is installed from a URL, not a pinned version; not inventoried',
      ],
    ],
    ['loop.txt', [], []],
    [
      'multiline_and_comments.txt',
      [
        ['pkgA', '1.0', 3, undefined, undefined, 'pkg:pypi/pkga@1.0'],
        ['pkgB', '2.0', 7, undefined, undefined, 'pkg:pypi/pkgb@2.0'],
      ],
      [],
    ],
    [
      'per_req_options.txt',
      [
        ['foo1', '1.0', 1, undefined, undefined, 'pkg:pypi/foo1@1.0'],
        ['foo2', '1.0', 3, undefined, undefined, 'pkg:pypi/foo2@1.0'],
        ['foo3', '1.0', 5, undefined, undefined, 'pkg:pypi/foo3@1.0'],
        ['foo4', '1.0', 7, undefined, undefined, 'pkg:pypi/foo4@1.0'],
        ['foo5', '1.0', 9, undefined, undefined, 'pkg:pypi/foo5@1.0'],
        ['foo6', '1.0', 11, undefined, undefined, 'pkg:pypi/foo6@1.0'],
        ['foo8', '1.0', 15, undefined, undefined, 'pkg:pypi/foo8@1.0'],
        ['foo9', '1.0', 17, undefined, undefined, 'pkg:pypi/foo9@1.0'],
        ['foo11', '1.0', 22, undefined, undefined, 'pkg:pypi/foo11@1.0'],
        ['foo12', '1.0', 24, undefined, undefined, 'pkg:pypi/foo12@1.0'],
        ['foo13', '1.0', 26, undefined, undefined, 'pkg:pypi/foo13@1.0'],
        ['foo14', '1.0', 28, undefined, undefined, 'pkg:pypi/foo14@1.0'],
        ['foo16-Client', '1.0', 32, undefined, undefined, 'pkg:pypi/foo16-client@1.0'],
        ['foo17--hash', '1.0', 34, undefined, undefined, 'pkg:pypi/foo17--hash@1.0'],
        ['foo18-Client', '1.0', 36, undefined, undefined, 'pkg:pypi/foo18-client@1.0'],
      ],
      [
        '13:warning: foo7==1.0 unexpected_text_before_options_stays_around is not one exact version (wildcard or variable); not inventoried',
        '20:error: foo10== has no version',
        '30:error: foo15== has no version',
      ],
    ],
    [
      'with_versions.txt',
      [
        ['nltk', '3.2.2', 1, undefined, undefined, 'pkg:pypi/nltk@3.2.2'],
        ['tabulate', '0.7.7', 2, undefined, undefined, 'pkg:pypi/tabulate@0.7.7'],
        ['qwerty', '0.1', 5, undefined, undefined, 'pkg:pypi/qwerty@0.1'],
        ['hy-phen', '1.2', 7, undefined, undefined, 'pkg:pypi/hy-phen@1.2'],
        ['under_score', '1.3', 8, undefined, undefined, 'pkg:pypi/under-score@1.3'],
        ['pkg.dot.name', '5.0.0', 9, undefined, undefined, 'pkg:pypi/pkg.dot.name@5.0.0'],
        ['yolo', '1.0', 11, undefined, undefined, 'pkg:pypi/yolo@1.0'],
      ],
      [
        '3:warning: newspaper3k >=0.2.2 is a range, not a pin; not inventoried',
        '4:warning: asdf==0.7.* is not one exact version (wildcard or variable); not inventoried',
        '10:warning: combination-._-.also_-._valid >=3.5 is a range, not a pin; not inventoried',
        '12:warning: pkg <=1.2.3 is a range, not a pin; not inventoried',
      ],
    ],
  ])('%s', (file, expected, problems) => {
    const result = parseFixture(file);

    expect(detailRows(result)).toEqual(expected);
    expect(problemLines(result)).toEqual(problems);
    for (const component of result.components)
      expect(component.location.file).toBe(`requirements-txt/${file}`);
  });
  it('rejects binary content (a NUL byte) with input.invalid naming the file and line', () => {
    const error = captureWardError(() =>
      requirementsTxtParser.parse('requests==2.0\n\u0000', 'requirements-txt/broken'),
    );

    expect(error.code).toBe('input.invalid');
    expect(error.file).toBe('requirements-txt/broken');
    expect(error.line).toBe(2);
    expect(error.describe()).not.toContain('\n');
  });
  it('returns -r and -c includes, as written, for the scan service to follow', () => {
    expect(parseFixture('example.txt').includes).toEqual(['other-requirements.txt', 'constraints.txt']);
    expect(parseFixture('loop.txt').includes).toEqual(['other-loop.txt']);
    expect(parseFixture('with_versions.txt').includes).toEqual([]);
  });

  it('reads pins with hashes, markers, extras, comments and continuation lines', () => {
    const text = [
      '# comment',
      'Flask[async] == 2.0.1 ; python_version >= "3.8"  # trailing comment',
      'cryptography==41.0.3 \\',
      '    --hash=sha256:aaaa \\',
      '    --hash=sha256:bbbb',
      '-r base.txt',
      '--constraint pins.txt',
      'requests',
    ].join('\n');

    const result = requirementsTxtParser.parse(text, 'requirements.txt');

    expect(result.components.map((c) => [c.name, c.version, c.location.line, c.purl])).toEqual([
      ['Flask', '2.0.1', 2, 'pkg:pypi/flask@2.0.1'],
      ['cryptography', '41.0.3', 3, 'pkg:pypi/cryptography@41.0.3'],
    ]);
    expect(result.includes).toEqual(['base.txt', 'pins.txt']);
    expect(problemLines(result)).toEqual(['8:warning: requests is not pinned (no version); not inventoried']);
  });
});
