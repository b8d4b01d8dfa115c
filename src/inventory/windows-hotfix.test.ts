import { describe, expect, it } from 'vitest';
import { captureWardError, readInventoryFixture } from '../../test/support/inventory-fixtures.js';
import {
  kbDigits,
  parseWindowsHotfix,
  windowsCpe,
  windowsHotfixParser,
  windowsProductName,
} from './windows-hotfix.js';

describe('inventory/windows-hotfix', () => {
  it('reads Get-HotFix CSV (PowerShell 5.1 Export-Csv) with the # os: line: one Windows component', () => {
    const text = readInventoryFixture('windows-hotfix', 'web01-hotfix.csv');
    expect(windowsHotfixParser.matches('web01-hotfix.csv', text.slice(0, 4096))).toBe(true);
    const result = parseWindowsHotfix(text, 'web01-hotfix.csv');
    expect(result.components).toEqual([
      {
        ecosystem: 'Windows',
        name: 'Windows Server 2016',
        version: '14393',
        cpe: 'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
        installedKbs: ['3199986', '3213986', '4013429'],
        location: { file: 'web01-hotfix.csv', line: 4 },
        asset: { id: 'WEB01', hostname: 'WEB01' },
      },
    ]);
    expect(result.assets).toEqual([{ id: 'WEB01', hostname: 'WEB01' }]);
    // The "File 1" row (line 7) is no KB: reported, not counted.
    expect(result.problems.map((problem) => `${problem.line}:${problem.field}: ${problem.message}`)).toEqual([
      "7:HotFixID: 'File 1' is not a KB id; skipped",
    ]);
  });

  it('reads Get-ComputerInfo JSON and Ward’s small form, one component per host', () => {
    const text = readInventoryFixture('windows-hotfix', 'fleet-computerinfo.json');
    expect(windowsHotfixParser.matches('fleet-computerinfo.json', text.slice(0, 4096))).toBe(true);
    const result = parseWindowsHotfix(text, 'fleet-computerinfo.json');
    expect(result.components.map((c) => [c.asset?.id, c.name, c.version, c.cpe, c.installedKbs])).toEqual([
      [
        'WEB02',
        'Windows Server 2016',
        '14393',
        'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
        ['3199986', '3213986'],
      ],
      [
        'DC01',
        'Windows Server 2012 R2',
        '9600',
        'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*',
        ['2919355', '4012216'],
      ],
      [
        'LEGACY',
        'Windows 2000 Server',
        '2195',
        'cpe:2.3:o:microsoft:windows_2000:-:*:*:*:*:*:*:*',
        ['300972'],
      ],
    ]);
    expect(result.problems.map((problem) => problem.message)).toContain("'Q300972' is not a KB id; skipped");
  });

  it('names products and KB ids the way NVD and Microsoft do', () => {
    expect(windowsProductName('Microsoft Windows Server 2019 Datacenter')).toBe('Windows Server 2019');
    expect(windowsProductName('Microsoft® Windows Server® 2008 Enterprise')).toBe('Windows Server 2008');
    expect(windowsCpe('Windows Server 2008 R2')).toBe(
      'cpe:2.3:o:microsoft:windows_server_2008:r2:*:*:*:*:*:*:*',
    );
    expect(windowsCpe('Windows 10')).toBe('cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*');
    // NVD names Windows 10/11 per feature release; the build tells which.
    expect(windowsCpe('Windows 10', '14393')).toBe('cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:*:*');
    expect(windowsCpe('Windows 10', '10.0.19045.3803')).toBe(
      'cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*',
    );
    expect(windowsCpe('Windows 11', '22631')).toBe('cpe:2.3:o:microsoft:windows_11_23h2:-:*:*:*:*:*:*:*');
    // Server 2016 shares build 14393 with Windows 10 1607 but is its own NVD product.
    expect(windowsCpe('Windows Server 2016', '14393')).toBe(
      'cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*',
    );
    expect(windowsCpe('OS/2 Warp')).toBeUndefined();
    expect(kbDigits('KB4013429')).toBe('4013429');
    expect(kbDigits('kb 4013429')).toBe('4013429');
    expect(kbDigits('File 1')).toBeUndefined();
  });

  it('warns when the OS is unknown, and rejects files that are no host report', () => {
    const noOs = parseWindowsHotfix('"HotFixID","CSName"\n"KB4013429","WEB09"\n', 'h.csv');
    expect(noOs.components[0]).toMatchObject({ name: 'Windows', installedKbs: ['4013429'] });
    expect(noOs.components[0]?.cpe).toBeUndefined();
    expect(noOs.problems[0]?.message).toMatch(/no OS product given/);
    const wrongColumns = captureWardError(() => parseWindowsHotfix('"Name","Version"\n"x","1"\n', 'x.csv'));
    expect(wrongColumns.describe()).toBe('x.csv:1: expected a HotFixID column, got columns Name, Version');
    expect(captureWardError(() => parseWindowsHotfix('[]', 'e.json')).message).toMatch(/at least one host/);
    expect(captureWardError(() => parseWindowsHotfix('{"CsName": ', 't.json')).file).toBe('t.json');
  });
});
