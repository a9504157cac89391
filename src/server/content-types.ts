/** The media types Confluent's REST API speaks; every client sends one of these. */
export const SCHEMA_REGISTRY_V1 = 'application/vnd.schemaregistry.v1+json';
export const JSON_BODY_TYPES = [SCHEMA_REGISTRY_V1, 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream'];
