import type { SchemaValidationReport } from '../core/governance/governance-types.ts';
import { SchemaRegistryError, SchemaValidationError } from './client-errors.ts';
import { fromVersionBody, type RegisteredSchema, type RegistryBackend, type SchemaById } from './client-types.ts';
import { errorOf, HttpTransport, type HttpAnswer, type TransportOptions } from './http-transport.ts';

const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(subject)}`;

/** A schemagate (or Confluent) registry over HTTP. */
export class RemoteBackend implements RegistryBackend {
  readonly kind = 'remote' as const;
  readonly http: HttpTransport;

  constructor(url: string, options: TransportOptions = {}) {
    this.http = new HttpTransport(url, options);
  }

  async register(subject: string, schema: string, options: { schemaType: string; references: unknown[]; strict: boolean }): Promise<RegisteredSchema> {
    const answer = await this.http.request('POST', `${subjectPath(subject)}/versions${options.strict ? '?validationMode=strict' : ''}`, {
      schema,
      schemaType: options.schemaType,
      ...(options.references.length > 0 && { references: options.references }),
    });
    if (answer.status === 409 && answer.body?.report) throw new SchemaValidationError(answer.body.report as SchemaValidationReport);
    if (answer.status !== 200) throw errorOf(answer);
    this.expect(answer, 'id', 'POST /subjects/…/versions');
    const version = typeof answer.body.version === 'number' ? answer.body.version : await this.lookupVersion(subject, schema, options, answer.body.id as number);
    const registered = await this.version(subject, version);
    if (!registered) throw new SchemaRegistryError(`version ${version} of '${subject}' vanished right after it was registered`, 404, 40402);
    return { ...registered, ...(answer.body.schemaCompatId && { schemaCompatId: answer.body.schemaCompatId as string }) };
  }

  /**
   * Confluent answers a registration with `{id}` alone; the version the
   * schema got under the subject is what a lookup (POST /subjects/{s}) says.
   */
  private async lookupVersion(subject: string, schema: string, options: { schemaType: string; references: unknown[] }, id: number): Promise<number> {
    const answer = await this.http.request('POST', subjectPath(subject), {
      schema,
      schemaType: options.schemaType,
      ...(options.references.length > 0 && { references: options.references }),
    });
    if (answer.status !== 200) throw errorOf(answer);
    const found = this.expect(answer, 'version', 'POST /subjects/… (the version of a schema just registered)');
    if (found.id !== id) throw new SchemaRegistryError(`the registry registered '${subject}' as schema id ${id} but looks it up as id ${String(found.id)}`, 200, 0);
    return found.version as number;
  }

  async validate(subject: string, schema: string, options: { schemaType: string; references: unknown[] }): Promise<SchemaValidationReport> {
    const answer = await this.http.request('POST', '/governance/dry-run', { schemas: [{ subject, schema, schemaType: options.schemaType, references: options.references }] });
    if (answer.status < 200 || answer.status >= 300) throw errorOf(answer);
    const [only] = this.expect(answer, 'subjects', 'POST /governance/dry-run (validate() needs a schemagate registry)').subjects as Array<{ report?: SchemaValidationReport; error?: string }>;
    if (!only.report) throw new SchemaRegistryError(only.error ?? 'Invalid schema', 422, 42201);
    return only.report;
  }

  async version(subject: string, version: number | 'latest', options: { compatId?: boolean } = {}): Promise<RegisteredSchema | undefined> {
    const answer = await this.http.request('GET', `${subjectPath(subject)}/versions/${version}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw errorOf(answer);
    const registered = fromVersionBody(this.expect(answer, 'schema', `GET /subjects/…/versions/${version}`));
    if (options.compatId === false) return registered;
    // Confluent's entity has no compat id; schemagate's changelog does.
    const compat = await this.http.request('GET', `/governance/subjects/${encodeURIComponent(subject)}/compat-ids`);
    const entry = compat.status === 200 && Array.isArray(compat.body?.changelog)
      ? (compat.body.changelog as Array<{ compatId: string; firstVersion: number; lastVersion: number }>).find((e) => registered.version >= e.firstVersion && registered.version <= e.lastVersion)
      : undefined;
    return { ...registered, ...(entry && { schemaCompatId: entry.compatId }) };
  }

  async byId(id: number): Promise<SchemaById | undefined> {
    const answer = await this.http.request('GET', `/schemas/ids/${id}`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw errorOf(answer);
    this.expect(answer, 'schema', `GET /schemas/ids/${id}`);
    return { id, schema: answer.body.schema, schemaType: answer.body.schemaType ?? 'AVRO', references: answer.body.references ?? [] };
  }

  async lastValidation(subject: string): Promise<SchemaValidationReport | undefined> {
    const answer = await this.http.request('GET', `/governance/subjects/${encodeURIComponent(subject)}/reports?limit=1`);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw errorOf(answer);
    const [latest] = this.expect(answer, 'reports', 'GET /governance/subjects/…/reports').reports as Array<SchemaValidationReport & { id?: number }>;
    if (!latest) return undefined;
    const { id: _id, ...report } = latest;
    return report;
  }

  async close() {}

  /** The body of a 2xx answer, when it has the field a registry's would: else the URL most likely names something else. */
  private expect(answer: HttpAnswer, field: string, what: string): any {
    if (typeof answer.body === 'object' && answer.body !== null && field in answer.body) return answer.body;
    throw new SchemaRegistryError(
      `${this.http.baseUrl} answered ${what} with HTTP ${answer.status} but not a schema registry's JSON (${JSON.stringify(answer.text.slice(0, 80))}): is it a schema registry?`,
      answer.status,
      0,
    );
  }
}
