import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import packageSchema from '../standards/360giving-package-schema.json';
import grantSchema from '../standards/360giving-schema.json';

/** The package schema points at the grant schema by its 1.4.2 address; the file we ship is 1.4.3. */
const GRANT_SCHEMA_ALIAS = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';

let compiled: ReturnType<Ajv2020['compile']> | undefined;

/** Validates a 360Giving JSON package against the official schemas; returns the errors (none when valid). */
export function threeSixtyGivingErrors(data: unknown): string[] {
  if (!compiled) {
    // The official schemas carry their own keywords (codelist, rollUp...): not strict about unknown ones.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    // The files name the 2020-12 meta-schema by its http:// address; Ajv knows it by https://. Same draft.
    const { $schema: _grantMeta, ...grant } = grantSchema;
    const { $schema: _packageMeta, ...pack } = packageSchema;
    ajv.addSchema(grant);
    ajv.addSchema({ ...grant, $id: GRANT_SCHEMA_ALIAS });
    compiled = ajv.compile(pack);
  }
  return compiled(data) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
}
