import { existsSync } from 'node:fs';
import { IATI_ACTIVITIES_SCHEMA, iatiSchemaErrors, XmllintMissingError, xsdErrors } from './xsd-validator';

const MINIMAL = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
  <iati-activity>
    <iati-identifier>XI-TEST-1</iati-identifier>
    <reporting-org ref="XI-TEST" type="60"><narrative>Test fund</narrative></reporting-org>
    <title><narrative>A title</narrative></title>
    <description><narrative>A description</narrative></description>
    <participating-org role="1" ref="XI-TEST"/>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2027-01-01"/>
  </iati-activity>
</iati-activities>
`;

describe('XSD validator (xmllint)', () => {
  it('finds the shipped schema from the project root', () => {
    expect(IATI_ACTIVITIES_SCHEMA).toMatch(/libs\/portfolio\/standards\/iati-activities-schema\.xsd$/);
    expect(existsSync(IATI_ACTIVITIES_SCHEMA)).toBe(true);
  });

  it('accepts a minimal valid activity and reports the errors of invalid ones', async () => {
    expect(await iatiSchemaErrors(MINIMAL)).toEqual([]);
    const [error, ...rest] = await iatiSchemaErrors(MINIMAL.replace(/\s*<activity-status code="2"\/>/, ''));
    expect(rest).toEqual([]);
    expect(error).toMatch(/^-:\d+: element activity-date: Schemas validity error : .*This element is not expected\. Expected is one of \(.*activity-status \)/);
    expect(await iatiSchemaErrors(MINIMAL.replace('iso-date="2027-01-01"', 'iso-date="01/01/2027"'))).toEqual([expect.stringMatching(/iso-date.*not a valid value/)]);
    expect((await iatiSchemaErrors('<iati-activities')).length).toBeGreaterThan(0);
  });

  it('refuses to answer without a readable schema', async () => {
    await expect(xsdErrors(MINIMAL, '/nonexistent/schema.xsd')).rejects.toThrow(/could not validate/);
  });

  it('throws a clear error when xmllint is missing, rather than passing', async () => {
    await expect(xsdErrors(MINIMAL, IATI_ACTIVITIES_SCHEMA, 'xmllint-not-installed-here')).rejects.toThrow(XmllintMissingError);
    await expect(xsdErrors(MINIMAL, IATI_ACTIVITIES_SCHEMA, 'xmllint-not-installed-here')).rejects.toThrow(/apt-get install -y libxml2-utils/);
  });
});
