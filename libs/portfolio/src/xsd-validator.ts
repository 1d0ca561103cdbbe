import { spawn } from 'node:child_process';
import { fromProjectRoot } from '@mosaic/config';

/** The official IATI 2.03 activity schema we ship (it includes iati-common.xsd and imports xml.xsd beside it). */
export const IATI_ACTIVITIES_SCHEMA = fromProjectRoot('libs', 'portfolio', 'standards', 'iati-activities-schema.xsd');

export class XmllintMissingError extends Error {
  constructor() {
    super('xmllint is not installed: XML cannot be validated against its XSD. Install it with `apt-get install -y libxml2-utils`.');
    this.name = 'XmllintMissingError';
  }
}

/**
 * Validates an XML document against an XSD with libxml2's xmllint (Debian's libxml2-utils), fed on
 * stdin, without network access. Resolves to the errors (none when valid); rejects when xmllint is
 * missing or cannot read the schema, so that a check never passes for want of a checker.
 */
export function xsdErrors(xml: string, schemaPath: string = IATI_ACTIVITIES_SCHEMA, xmllint = 'xmllint'): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(xmllint, ['--noout', '--nonet', '--schema', schemaPath, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new XmllintMissingError() : error));
    // xmllint may stop reading early (e.g. an unreadable schema): its exit status tells, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      const lines = stderr.split('\n').map((line) => line.trim());
      const errors = lines.filter((line) => line && line !== '^' && line !== '- validates' && line !== '- fails to validate');
      // 0: valid; 1: not well-formed; 3: invalid against the schema. 4 and 5: the schema itself is at fault.
      if (code === 0) return resolve([]);
      if (code === 1 || code === 3) return resolve(errors.length ? errors : [`xmllint exited with status ${code}`]);
      reject(new Error(`xmllint could not validate against ${schemaPath} (exit status ${code}): ${errors.join('; ')}`));
    });
    child.stdin.end(xml, 'utf8');
  });
}

/** Errors of an IATI activity document against the shipped IATI 2.03 schema (none when valid). */
export const iatiSchemaErrors = (xml: string) => xsdErrors(xml, IATI_ACTIVITIES_SCHEMA);
