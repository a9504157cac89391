import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { recordGlobalStrict } from '../helpers/governance-fixtures.ts';
import { startServer, type RunningServer } from '../helpers/start-server.ts';

/**
 * The two real Confluent clients for Node against a real schemagate process,
 * started with QMTL_SCHEMA_VALIDATION_MODE=strict (and that global strict
 * mode recorded by an audit entry, as an operator does once) so an
 * incompatible schema is refused as Confluent would refuse it.
 */
let server: RunningServer;
before(async () => {
  server = await startServer({ env: { QMTL_SCHEMA_VALIDATION_MODE: 'strict' } });
  await recordGlobalStrict({
    request: async (method, url, body) => {
      const res = await fetch(`${server.url}${url}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, text: await res.text() };
    },
  });
});
after(async () => {
  assert.equal(await server.stop(), 0, 'the server stops cleanly on SIGTERM');
});

const payment = {
  type: 'record',
  name: 'Payment',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
};
const paymentV2 = { ...payment, fields: [...payment.fields, { name: 'currency', type: 'string', default: 'EUR' }] };
const paymentBroken = { ...payment, fields: [...payment.fields, { name: 'merchant', type: 'string' }] };

const order = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: { id: { type: 'integer' }, item: { type: 'string' } },
  required: ['id'],
};

const proto = `syntax = "proto3";
package acme;
message Shipment {
  string id = 1;
  int32 parcels = 2;
  repeated string labels = 3;
}`;

describe('@kafkajs/confluent-schema-registry', () => {
  const kafkajs = () => new SchemaRegistry({ host: server.url });

  it('registers, looks up by schema, reads by id and version, and round-trips Avro with a fresh client', async () => {
    const registry = kafkajs();
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(payment) }, { subject: 'payments-value' });
    assert.equal(typeof id, 'number');
    assert.equal(await registry.getRegistryIdBySchema('payments-value', { type: SchemaType.AVRO, schema: JSON.stringify(payment) }), id);
    assert.equal(await registry.getLatestSchemaId('payments-value'), id);
    assert.equal(await registry.getRegistryId('payments-value', 1), id);
    const again = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(payment) }, { subject: 'payments-value' });
    assert.equal(again.id, id, 'registering the same schema again answers the same id');

    const encoded = await registry.encode(id, { id: 'p-1', amount: 12.5 });
    assert.equal(encoded[0], 0, 'magic byte');
    assert.equal(encoded.readInt32BE(1), id, 'schema id in the wire format');
    // avsc decodes records as instances of a generated class: compare the fields.
    assert.deepEqual({ ...(await kafkajs().decode(encoded)) }, { id: 'p-1', amount: 12.5 });
  });

  it('registers a compatible second version', async () => {
    const registry = kafkajs();
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(paymentV2) }, { subject: 'payments-value' });
    assert.equal(await registry.getRegistryId('payments-value', 2), id);
  });

  it('gets an incompatible schema refused with 409 in strict mode', async () => {
    await assert.rejects(
      kafkajs().register({ type: SchemaType.AVRO, schema: JSON.stringify(paymentBroken) }, { subject: 'payments-value' }),
      (err: Error & { status?: number }) => {
        assert.equal(err.status, 409);
        assert.match(err.message, /incompatible/i);
        return true;
      },
    );
  });

  it('round-trips JSON Schema (draft-07) through a fresh client', async () => {
    const registry = kafkajs();
    const { id } = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(order) }, { subject: 'orders-value' });
    const encoded = await registry.encode(id, { id: 7, item: 'book' });
    assert.deepEqual(await kafkajs().decode(encoded), { id: 7, item: 'book' });
    await assert.rejects(registry.encode(id, { item: 'no id' }), /invalid/i);
  });

  it('round-trips Protobuf through a fresh client', async () => {
    const registry = kafkajs();
    const { id } = await registry.register({ type: SchemaType.PROTOBUF, schema: proto }, { subject: 'shipments-value' });
    const encoded = await registry.encode(id, { id: 's-9', parcels: 3, labels: ['fragile'] });
    const decoded = await kafkajs().decode(encoded);
    assert.equal(decoded.id, 's-9');
    assert.equal(decoded.parcels, 3);
    assert.deepEqual(decoded.labels, ['fragile']);
  });
});

describe('@confluentinc/schemaregistry', () => {
  const client = () => new SchemaRegistryClient({ baseURLs: [server.url] });

  it('registers, looks up, reads by id, latest and version', async () => {
    const sr = client();
    const info = { schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'Click', fields: [{ name: 'url', type: 'string' }] }) };
    const id = await sr.register('clicks-value', info);
    assert.equal(await client().getId('clicks-value', info), id);
    const byId = await client().getBySubjectAndId('clicks-value', id);
    assert.equal(byId.schema, info.schema);
    const latest = await client().getLatestSchemaMetadata('clicks-value');
    assert.equal(latest.id, id);
    assert.equal(latest.version, 1);
    const v1 = await client().getSchemaMetadata('clicks-value', 1);
    assert.equal(v1.id, id);
    assert.deepEqual(await client().getAllVersions('clicks-value'), [1]);
    assert.ok((await client().getAllSubjects()).includes('clicks-value'));
  });

  it('serializes and deserializes Avro and JSON with fresh clients (via the associations fallback)', async () => {
    const avroSchema = { type: 'record', name: 'Visit', fields: [{ name: 'page', type: 'string' }, { name: 'ms', type: 'long' }] };
    await client().register('visits-value', { schemaType: 'AVRO', schema: JSON.stringify(avroSchema) });
    const avroOut = new AvroSerializer(client(), SerdeType.VALUE, { useLatestVersion: true });
    const bytes = await avroOut.serialize('visits', { page: '/home', ms: 42 });
    const avroIn = new AvroDeserializer(client(), SerdeType.VALUE, {});
    assert.deepEqual({ ...(await avroIn.deserialize('visits', bytes)) }, { page: '/home', ms: 42 });

    const jsonSchema = { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] };
    await client().register('stock-value', { schemaType: 'JSON', schema: JSON.stringify(jsonSchema) });
    const jsonOut = new JsonSerializer(client(), SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const jsonBytes = await jsonOut.serialize('stock', { sku: 'A-1' });
    const jsonIn = new JsonDeserializer(client(), SerdeType.VALUE, { validate: true });
    assert.deepEqual(await jsonIn.deserialize('stock', jsonBytes), { sku: 'A-1' });
  });

  it('deletes versions and subjects, soft then permanent', async () => {
    const sr = client();
    const info = (n: number) => ({ schemaType: 'JSON', schema: JSON.stringify({ type: 'object', title: `t${n}` }) });
    await sr.register('temp-value', info(1));
    await sr.register('temp-value', info(2));
    assert.equal(await sr.deleteSubjectVersion('temp-value', 2), 2);
    assert.deepEqual(await client().getAllVersions('temp-value'), [1]);
    assert.deepEqual(await sr.deleteSubject('temp-value'), [1]);
    assert.deepEqual(await sr.deleteSubject('temp-value', true), [1, 2]);
    await assert.rejects(client().getLatestSchemaMetadata('temp-value'), (err: Error & { status?: number; errorCode?: number }) => {
      assert.equal(err.status, 404);
      assert.equal(err.errorCode, 40401);
      return true;
    });
  });

  it('gets an incompatible schema refused with 409 in strict mode', async () => {
    await assert.rejects(client().register('payments-value', { schemaType: 'AVRO', schema: JSON.stringify(paymentBroken) }), (err: Error & { status?: number; errorCode?: number }) => {
      assert.equal(err.status, 409);
      assert.equal(err.errorCode, 409);
      return true;
    });
  });
});
