import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import {
  ANY,
  type CpeValue,
  compareCpe,
  compareCpeValues,
  cpeFsToUri,
  cpeToString,
  cpeUriToFs,
  cpeVendorProduct,
  createWfn,
  formatCpeFs,
  formatCpeUri,
  NA,
  parseCpe,
  parseCpeFs,
  parseCpeUri,
  type Wfn,
} from './cpe.js';
import { WardError } from './errors.js';

function expectInvalid(action: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WardError);
  expect((caught as WardError).code).toBe('input.invalid');
  expect((caught as WardError).message).toMatch(message);
}

describe('core/cpe', () => {
  // Binding and unbinding cases after the worked examples of NISTIR 7695 §6.1.2, §6.1.3, §6.2.2
  // and §6.2.3: one WFN, its URI and its formatted string.
  const BINDINGS: ReadonlyArray<{ wfn: Partial<Record<keyof Wfn, CpeValue>>; uri: string; fs: string }> = [
    {
      wfn: {
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.0\\.6001',
        update: 'beta',
      },
      uri: 'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
      fs: 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    },
    {
      wfn: { part: 'a', vendor: 'microsoft', product: 'internet_explorer', version: '8\\.*', update: 'sp?' },
      uri: 'cpe:/a:microsoft:internet_explorer:8.%02:sp%01',
      fs: 'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
    },
    {
      wfn: {
        part: 'a',
        vendor: 'hp',
        product: 'insight_diagnostics',
        version: '7\\.4\\.0\\.1570',
        update: NA,
        sw_edition: 'online',
        target_sw: 'win2003',
        target_hw: 'x64',
      },
      uri: 'cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~',
      fs: 'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
    },
    {
      wfn: {
        part: 'a',
        vendor: 'hp',
        product: 'openview_network_manager',
        version: '7\\.51',
        target_sw: 'linux',
      },
      uri: 'cpe:/a:hp:openview_network_manager:7.51::~~~linux~~',
      fs: 'cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*',
    },
    {
      wfn: { part: 'a', vendor: 'foo\\\\bar', product: 'big\\$money_manager_2010' },
      uri: 'cpe:/a:foo%5cbar:big%24money_manager_2010',
      fs: 'cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:*:*:*:*',
    },
    {
      wfn: { part: 'a', vendor: 'microsoft', product: 'internet_information_server', version: '5\\.0' },
      uri: 'cpe:/a:microsoft:internet_information_server:5.0',
      fs: 'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
    },
    {
      wfn: { part: 'o', vendor: 'redhat', product: 'enterprise_linux', version: '9', edition: 'baseos' },
      uri: 'cpe:/o:redhat:enterprise_linux:9::baseos',
      fs: 'cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*',
    },
    {
      // Quoted colon (NVD feed, as NVD writes it with wordpress in sw_edition); the URI
      // percent-encodes it and packs the edition.
      wfn: {
        part: 'a',
        vendor: '59sec',
        product: 'the_leads_management_system\\:_59sec_lite',
        sw_edition: 'wordpress',
      },
      uri: 'cpe:/a:59sec:the_leads_management_system%3a_59sec_lite:::~~wordpress~~~',
      fs: 'cpe:2.3:a:59sec:the_leads_management_system\\:_59sec_lite:*:*:*:*:wordpress:*:*:*',
    },
    {
      // A tilde in a value is percent-encoded so it cannot be read as packing.
      wfn: { part: 'a', vendor: 'foo\\~bar', product: 'big\\~money_2010' },
      uri: 'cpe:/a:foo%7ebar:big%7emoney_2010',
      fs: 'cpe:2.3:a:foo\\~bar:big\\~money_2010:*:*:*:*:*:*:*:*',
    },
    {
      // A literal '-' alone stays quoted/encoded so it is not read back as NA.
      wfn: { part: 'h', vendor: 'acme', product: '\\-', version: NA },
      uri: 'cpe:/h:acme:%2d:-',
      fs: 'cpe:2.3:h:acme:\\-:-:*:*:*:*:*:*:*',
    },
  ];

  describe('bindings (NISTIR 7695 §6)', () => {
    it.each(BINDINGS.map((c) => [c.fs, c]))('formatted string %s ↔ WFN', (_fs, c) => {
      const wfn = createWfn(c.wfn);

      expect(parseCpeFs(c.fs)).toEqual(wfn);
      expect(formatCpeFs(wfn)).toBe(c.fs);
    });

    it.each(BINDINGS.map((c) => [c.uri, c]))('URI %s ↔ WFN', (_uri, c) => {
      const wfn = createWfn(c.wfn);

      expect(parseCpeUri(c.uri)).toEqual(wfn);
      expect(formatCpeUri(wfn)).toBe(c.uri);
    });

    it.each(BINDINGS.map((c) => [c.uri, c.fs]))('converts %s ↔ %s', (uri, fs) => {
      expect(cpeUriToFs(uri)).toBe(fs);
      expect(cpeFsToUri(fs)).toBe(uri);
    });

    it('reads ANY and NA in both bindings', () => {
      const fs = parseCpeFs('cpe:2.3:a:vendor:product:-:*:*:*:*:*:*:*');
      const uri = parseCpeUri('cpe:/a:vendor:product:-');

      expect(fs.version).toBe(NA);
      expect(fs.update).toBe(ANY);
      expect(uri).toEqual(fs);
      expect(parseCpeUri('cpe:/a::reader').vendor).toBe(ANY);
    });

    it('unquotes . - _ in the formatted string and quotes them in the WFN', () => {
      const wfn = parseCpeFs(
        'cpe:2.3:a:xplodedthemes:wpide_-_file_manager_\\&_code_editor:1.0-rc.1:*:*:*:*:*:*:*',
      );

      expect(wfn.product).toBe('wpide_\\-_file_manager_\\&_code_editor');
      expect(wfn.version).toBe('1\\.0\\-rc\\.1');
      expect(formatCpeFs(wfn)).toBe(
        'cpe:2.3:a:xplodedthemes:wpide_-_file_manager_\\&_code_editor:1.0-rc.1:*:*:*:*:*:*:*',
      );
    });

    it('canonicalises needlessly quoted and unquoted punctuation', () => {
      expect(formatCpeFs(parseCpeFs('cpe:2.3:a:x:y\\.z:1\\.0:*:*:*:*:*:*:*'))).toBe(
        'cpe:2.3:a:x:y.z:1.0:*:*:*:*:*:*:*',
      );
      expect(formatCpeFs(parseCpeFs('cpe:2.3:a:x:y!z:1:*:*:*:*:*:*:*'))).toBe(
        'cpe:2.3:a:x:y\\!z:1:*:*:*:*:*:*:*',
      );
    });

    it('keeps quoted wildcards literal and unquoted ones as wildcards', () => {
      const wfn = parseCpeFs('cpe:2.3:a:x:y\\*z:*1\\?:??2:*:*:*:*:*:*');

      expect(wfn.product).toBe('y\\*z');
      expect(wfn.version).toBe('*1\\?');
      expect(wfn.update).toBe('??2');
      expect(formatCpeUri(wfn)).toBe('cpe:/a:x:y%2az:%021%3f:%01%012');
      expect(parseCpeUri(formatCpeUri(wfn))).toEqual(wfn);
    });

    it('lowercases URI values, as unbinding a URI requires, but keeps formatted-string case', () => {
      expect(parseCpeUri('cpe:/a::Reader:9.3.2:-:-').product).toBe('reader');
      expect(parseCpeFs('cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*').edition).toBe('PalmOS');
    });

    it('parses either binding by prefix', () => {
      expect(parseCpe(' cpe:/a:microsoft:internet_information_server:5.0 ')).toEqual(
        parseCpe('cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*'),
      );
    });

    it.each([
      ['cpe:2.3:a:microsoft:iis', /it has 3 attribute components, a formatted string has 11/],
      ['cpe:2.3:a:m:p:1:*:*:*:*:*:*:*:*', /it has 12 attribute components/],
      ['cpe:2.3:x:microsoft:iis:*:*:*:*:*:*:*:*', /part: expected 'a' \(application\), 'o'/],
      ['cpe:2.3:-:microsoft:iis:*:*:*:*:*:*:*:*', /part: expected 'a'/],
      ['cpe:2.3:a:microsoft::*:*:*:*:*:*:*:*', /product: the value is empty/],
      [
        'cpe:2.3:a:microsoft:iis:1*2:*:*:*:*:*:*:*',
        /version: unquoted '\*' is only allowed at the start or end/,
      ],
      [
        'cpe:2.3:a:microsoft:iis:1?2:*:*:*:*:*:*:*',
        /version: unquoted '\?' is only allowed at the start or end/,
      ],
      ['cpe:2.3:a:microsoft:iis:*?1:*:*:*:*:*:*:*', /version: an unquoted '\*' cannot be combined/],
      ['cpe:2.3:a:microsoft:iis:**:*:*:*:*:*:*:*', /version: a value cannot consist of wildcards only/],
      ['cpe:2.3:a:microsoft:iis:\\a:*:*:*:*:*:*:*', /version: '\\' may only quote punctuation, not 'a'/],
      ['cpe:2.3:a:microsoft:iis:*:*:*:*:*:*:*:x\\', /other: a value cannot end with an unpaired backslash/],
      ['cpe:2.3:a:micro soft:iis:*:*:*:*:*:*:*:*', /vendor: U\+0020 is not allowed/],
      ['cpe:2.3:a:microsöft:iis:*:*:*:*:*:*:*:*', /vendor: U\+00F6 is not allowed/],
      ['cpe:/a:m:p:1:2:3:4:5', /it has 8 components, a CPE URI has at most 7/],
      [
        'cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~',
        /'%07' does not encode a punctuation/,
      ],
      ['cpe:/a:foo:bar:12.%02.1234', /version: unquoted '\*' is only allowed at the start or end/],
      ['cpe:/a:foo:bar:1%2', /'%' must be followed by two hex digits, got '%2'/],
      ['cpe:/a:foo:bar:1+2', /version: '\+' must be percent-encoded/],
      ['cpe:/a:foo:bar:1:2:~a~b~c', /a packed edition has 5 '~'-separated fields, got 3/],
      ['cpe:/q:foo:bar', /part: expected 'a'/],
      ['cpe:2.2:a:foo:bar', /expected a CPE name \('cpe:2.3:…' formatted string or 'cpe:\/…' URI\)/],
      ['', /expected a CPE name/],
    ])('rejects %j', (text, message) => {
      expectInvalid(() => parseCpe(text), message);
    });

    it('rejects WFN values that break the quoting rules', () => {
      expectInvalid(() => createWfn({ part: 'a', version: '8.0' }), /WFN version: '\.' must be quoted/);
      expectInvalid(() => createWfn({ part: NA }), /WFN part: expected 'a'/);
    });
  });

  describe('cpeToString and cpeVendorProduct', () => {
    it('gives one canonical lowercase formatted string for both bindings', () => {
      expect(cpeToString('cpe:/a:Microsoft:Internet_Information_Server:5.0')).toBe(
        'cpe:2.3:a:microsoft:internet_information_server:5.0:*:*:*:*:*:*:*',
      );
      expect(cpeToString('cpe:2.3:a:Microsoft:IIS:5\\.0:*:*:*:*:*:*:*')).toBe(
        'cpe:2.3:a:microsoft:iis:5.0:*:*:*:*:*:*:*',
      );
      expect(cpeToString(createWfn({ part: 'o', vendor: 'linux', product: 'linux_kernel' }))).toBe(
        'cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*',
      );
    });

    it.each([
      [
        'cpe:2.3:a:microsoft:internet_information_server:*:beta:*:*:*:*:*:*',
        'microsoft:internet_information_server',
      ],
      ['cpe:/a:Microsoft:IIS:5.0', 'microsoft:iis'],
      [
        'cpe:2.3:a:amcharts:amcharts\\:_charts_and_maps:*:*:*:*:*:wordpress:*:*',
        'amcharts:amcharts\\:_charts_and_maps',
      ],
      ['cpe:2.3:a:*:reader:*:*:*:*:*:*:*:*', '*:reader'],
      ['cpe:/h:acme', 'acme:*'],
    ])('%s → %s', (cpe, key) => {
      expect(cpeVendorProduct(cpe)).toBe(key);
    });
  });

  describe('attribute comparison (NISTIR 7696 Table 6-2)', () => {
    // i, k: wildcard-free strings; m: a string with wildcards.
    it.each([
      [1, ANY, ANY, 'EQUAL'],
      [2, ANY, NA, 'SUPERSET'],
      [3, ANY, 'foo', 'SUPERSET'],
      [4, ANY, 'fo*', 'UNDEFINED'],
      [5, NA, ANY, 'SUBSET'],
      [6, NA, NA, 'EQUAL'],
      [7, NA, 'foo', 'DISJOINT'],
      [8, NA, 'fo*', 'UNDEFINED'],
      [9, 'foo', ANY, 'SUBSET'],
      [10, 'foo', NA, 'DISJOINT'],
      [11, 'foo', 'foo', 'EQUAL'],
      [11, 'foo', 'bar', 'DISJOINT'],
      [12, 'foo', 'f?o', 'UNDEFINED'],
      [13, 'fo*', ANY, 'SUBSET'],
      [14, 'fo*', NA, 'DISJOINT'],
      [15, 'fo*', 'foo', 'SUPERSET'],
      [15, 'ba*', 'foo', 'DISJOINT'],
      [16, 'fo*', '*oo', 'UNDEFINED'],
    ] as const)('row %i: %o vs %o → %s', (_row, source, target, relation) => {
      expect(compareCpeValues(source, target)).toBe(relation);
    });

    it.each([
      ['8\\.*', '8\\.0\\.6001', 'SUPERSET'],
      ['8\\.*', '9\\.0', 'DISJOINT'],
      ['*soft', 'microsoft', 'SUPERSET'],
      ['*soft', 'softer', 'DISJOINT'],
      ['*8\\.0*', '1\\.8\\.0\\.2', 'SUPERSET'],
      ['sp?', 'sp2', 'SUPERSET'],
      ['sp?', 'sp', 'SUPERSET'], // up to one character, as compare_strings allows
      ['sp?', 'sp12', 'DISJOINT'],
      ['??2', 'sp2', 'SUPERSET'],
      ['??2', 'abc2', 'DISJOINT'],
      ['?p?', 'sp2', 'SUPERSET'],
      ['y\\*z', 'y\\*z', 'EQUAL'], // quoted: a literal asterisk
      ['y\\*z', 'yaz', 'DISJOINT'],
      ['y\\**', 'y\\*z', 'SUPERSET'],
      ['\\?*', 'x', 'DISJOINT'],
      ['Microsoft', 'microsoft', 'EQUAL'], // case-insensitive
      ['MICRO*', 'microsoft', 'SUPERSET'],
    ] as const)('%s vs %s → %s', (source, target, relation) => {
      expect(compareCpeValues(source, target)).toBe(relation);
    });
  });

  describe('name comparison (NISTIR 7696 §6.2)', () => {
    it('an all-ANY version criteria is a superset of a host URI name', () => {
      const result = compareCpe(
        'cpe:2.3:a:microsoft:internet_information_server:*:*:*:*:*:*:*:*',
        'cpe:/a:microsoft:internet_information_server:5.0',
      );

      expect(result.attributes.version).toBe('SUPERSET');
      expect(result).toMatchObject({ isSuperset: true, isSubset: false, isEqual: false, isDisjoint: false });
    });

    it('Code Red criteria (update=beta) only overlaps a host name whose update is ANY', () => {
      // CVE-2001-0500 in NVD: internet_information_server:*:beta with versionEndIncluding 6.0.
      const criteria = 'cpe:2.3:a:microsoft:internet_information_server:*:beta:*:*:*:*:*:*';

      const host = compareCpe(criteria, 'cpe:/a:microsoft:internet_information_server:5.0');
      const gold = compareCpe(criteria, 'cpe:/a:microsoft:internet_information_server:5.0:-');

      expect(host.attributes.update).toBe('SUBSET');
      expect(host).toMatchObject({ isSuperset: false, isDisjoint: false });
      expect(gold.attributes.update).toBe('DISJOINT');
      expect(gold.isDisjoint).toBe(true);
    });

    it('a specific name is a subset of a vendor/product-only name', () => {
      const source = createWfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.0\\.6001',
        update: 'beta',
        language: 'sp2',
      });

      const result = compareCpe(source, 'cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*');

      expect(result).toMatchObject({ isDisjoint: false, isEqual: false, isSubset: true, isSuperset: false });
    });

    it('names differing in one attribute are disjoint', () => {
      const result = compareCpe('cpe:2.3:a:adobe:*:9.*:*:PalmOS:*:*:*:*:*', 'cpe:/a::Reader:9.3.2:-:-');

      expect(result.attributes).toMatchObject({
        vendor: 'SUBSET',
        product: 'SUPERSET',
        version: 'SUPERSET',
        update: 'SUPERSET',
        edition: 'DISJOINT',
      });
      expect(result).toMatchObject({ isDisjoint: true, isEqual: false, isSubset: false, isSuperset: false });
    });

    it('the same name in both bindings is equal, whatever the case', () => {
      const result = compareCpe(
        'cpe:2.3:a:Microsoft:Internet_Explorer:8.0.6001:beta:*:*:*:*:*:*',
        'cpe:/a:microsoft:internet_explorer:8.0.6001:beta',
      );

      expect(result).toMatchObject({ isEqual: true, isSubset: true, isSuperset: true, isDisjoint: false });
    });

    it('a target with wildcards gives no name relation', () => {
      const result = compareCpe('cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', 'cpe:2.3:a:x:y:1.*:*:*:*:*:*:*:*');

      expect(result.attributes.version).toBe('UNDEFINED');
      expect(result).toMatchObject({ isDisjoint: false, isEqual: false, isSubset: false, isSuperset: false });
    });

    it('answers on long hostile values (linear matching: bounded by the test timeout, not timed)', () => {
      const long = 'a'.repeat(200_000);

      const relation = compareCpeValues(`*${long}b*`, `${long}${long}`);
      expectInvalid(
        () => parseCpe(`cpe:2.3:a:x:y:*:*:*:*:*:*:*:${'\\'.repeat(200_001)}`),
        /other: .*unpaired backslash/,
      );

      expect(relation).toBe('DISJOINT');
    });

    // CPE_DISJOINT / CPE_EQUAL / CPE_SUBSET / CPE_SUPERSET (NISTIR 7696 §6.2, Table 6-4) from the
    // attribute relations: each row sets version and update, every other attribute is EQUAL.
    it.each([
      ['1.0', 'sp1', '1.0', 'sp1', { isEqual: true, isSubset: true, isSuperset: true, isDisjoint: false }],
      ['*', 'sp1', '1.0', 'sp1', { isEqual: false, isSubset: false, isSuperset: true, isDisjoint: false }],
      ['1.*', '*', '1.0', 'sp?', { isEqual: false, isSubset: false, isSuperset: false, isDisjoint: false }],
      ['1.0', 'sp1', '*', '*', { isEqual: false, isSubset: true, isSuperset: false, isDisjoint: false }],
      ['*', 'sp1', '1.0', '*', { isEqual: false, isSubset: false, isSuperset: false, isDisjoint: false }],
      ['1.*', 'sp1', '2.0', 'sp1', { isEqual: false, isSubset: false, isSuperset: false, isDisjoint: true }],
      ['-', 'sp1', '1.0', 'sp?', { isEqual: false, isSubset: false, isSuperset: false, isDisjoint: true }],
      ['-', '-', '-', '-', { isEqual: true, isSubset: true, isSuperset: true, isDisjoint: false }],
    ] as const)('version %s update %s vs version %s update %s', (sv, su, tv, tu, expected) => {
      const name = (version: string, update: string) =>
        parseCpeFs(`cpe:2.3:a:acme:widget:${version}:${update}:*:*:*:*:*:*`);

      expect(compareCpe(name(sv, su), name(tv, tu))).toMatchObject(expected);
    });
  });
});

describe('core/cpe properties', () => {
  // Lowercase letters only, so URI unbinding (which lowercases) gives the same WFN back.
  const literal = fc.constantFrom(...'ab09_.-~:*?\\!%&/@+'.split(''));
  const body = fc
    .array(literal, { minLength: 1, maxLength: 12 })
    .map((chars) => chars.map((c) => (/[a-z0-9_]/.test(c) ? c : `\\${c}`)).join(''));
  const edge = fc.constantFrom('', '*', '?', '??');
  const stringValue = fc.tuple(edge, body, edge).map(([head, middle, tail]) => `${head}${middle}${tail}`);
  const wfnOf = (value: fc.Arbitrary<CpeValue>) =>
    fc
      .record({
        part: fc.constantFrom<CpeValue>('a', 'o', 'h', ANY),
        vendor: value,
        product: value,
        version: value,
        update: value,
        edition: value,
        language: value,
        sw_edition: value,
        target_sw: value,
        target_hw: value,
        other: value,
      })
      .map((values) => createWfn(values));
  const wfn = wfnOf(fc.oneof(fc.constant(ANY), fc.constant(NA), stringValue));
  const plainWfn = wfnOf(fc.oneof(fc.constant(ANY), fc.constant(NA), body));

  it('formatted string and URI bindings round-trip any WFN', () => {
    fc.assert(
      fc.property(wfn, (name) => {
        expect(parseCpeFs(formatCpeFs(name))).toEqual(name);
        expect(parseCpeUri(formatCpeUri(name))).toEqual(name);
        expect(parseCpe(cpeFsToUri(formatCpeFs(name)))).toEqual(name);
      }),
      { numRuns: 500 },
    );
  });

  it('a wildcard-free name is EQUAL to itself in every attribute', () => {
    fc.assert(
      fc.property(plainWfn, (name) => {
        expect(compareCpe(formatCpeUri(name), formatCpeFs(name)).isEqual).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a trailing * makes a source value a SUPERSET of every extension of it', () => {
    fc.assert(
      fc.property(body, body, (prefix, rest) => {
        expect(compareCpeValues(`${prefix}*`, `${prefix}${rest}`)).toBe('SUPERSET');
        expect(compareCpeValues(`*${rest}`, `${prefix}${rest}`)).toBe('SUPERSET');
        expect(compareCpeValues(`${prefix}${rest}`, `${prefix}${rest}`)).toBe('EQUAL');
      }),
      { numRuns: 300 },
    );
  });
});

const cves = sharedData('cves');

describe.skipIf(!cves.present)('core/cpe over every CPE in ../shared/data/cves', () => {
  function* files(dir: string): Generator<string> {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) yield* files(path);
      else if (entry.endsWith('.json') || entry.endsWith('.json.gz')) yield path;
    }
  }

  function* cpeStrings(value: unknown): Generator<string> {
    if (typeof value === 'string') {
      if (value.startsWith('cpe:')) yield value;
    } else if (Array.isArray(value)) {
      for (const item of value) yield* cpeStrings(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const item of Object.values(value)) yield* cpeStrings(item);
    }
  }

  function collect(): Set<string> {
    const found = new Set<string>();
    for (const file of files(cves.path)) {
      const raw = readFileSync(file);
      const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      for (const cpe of cpeStrings(JSON.parse(text))) found.add(cpe);
    }
    return found;
  }

  const all = collect();

  it('finds the CPEs of the famous NVD records', () => {
    expect(all.has('cpe:2.3:a:microsoft:internet_information_server:*:beta:*:*:*:*:*:*')).toBe(true);
    expect([...all].filter((cpe) => cpe.startsWith('cpe:2.3:')).length).toBeGreaterThan(300);
    expect([...all].filter((cpe) => cpe.startsWith('cpe:/')).length).toBeGreaterThan(3);
  });

  it('parses every one and re-formats it identically in its own binding', () => {
    const different: string[] = [];

    for (const cpe of all) {
      const wfn = parseCpe(cpe);
      const again = cpe.startsWith('cpe:2.3:') ? formatCpeFs(wfn) : formatCpeUri(wfn);
      if (again !== cpe) different.push(`${cpe} → ${again}`);
    }

    expect(different).toEqual([]);
  });

  it('converts every one to the other binding and back', () => {
    const lost: string[] = [];

    for (const cpe of all) {
      const wfn = parseCpe(cpe);
      // URI values are lowercased on unbinding, so compare canonical (lowercase) forms.
      if (cpeToString(parseCpeUri(formatCpeUri(wfn))) !== cpeToString(wfn)) lost.push(cpe);
      if (!compareCpe(parseCpeFs(formatCpeFs(wfn)), wfn).isEqual) lost.push(cpe);
    }

    expect(lost).toEqual([]);
  });
});
