import type { JsonSchemaModel } from '../../formats/json-schema/json-schema-model.ts';
import { JsonSchemaDocuments } from './json-schema-documents.ts';
import type { JsonSchemaNode } from './json-schema-node.ts';
import { Draft2020Loader } from './load-2020.ts';
import { Draft7Loader } from './load-draft7.ts';

const loaded = new WeakMap<JsonSchemaModel, JsonSchemaNode>();

/** The schema as Confluent's checker reads it, built once per parsed schema. */
export function loadJsonSchemaNode(model: JsonSchemaModel): JsonSchemaNode {
  let node = loaded.get(model);
  if (!node) {
    let documents: JsonSchemaDocuments | undefined;
    const modern = model.draft === '2019-09' || model.draft === '2020-12';
    const loader = modern ? new Draft2020Loader(() => documents!) : new Draft7Loader(model.draft, () => documents!);
    documents = new JsonSchemaDocuments(model.schema, model.references, (doc, value, pointer) => loader.load(doc, value, pointer));
    node = loader.load('', model.schema, '');
    loaded.set(model, node);
  }
  return node;
}
