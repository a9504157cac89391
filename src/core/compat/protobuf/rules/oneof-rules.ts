import { COMPATIBLE, INCOMPATIBLE } from '../../rule.ts';
import { defineProtobufRule } from '../protobuf-rule.ts';

/** Oneof containers and membership: a oneof makes its members mutually exclusive. */
export const oneofRules = [
  defineProtobufRule({
    id: 'ONEOF_ADDED',
    purpose: 'A new oneof container is informational.',
    compatible: COMPATIBLE,
    on: 'oneof',
    when: ({ inOriginal, inUpdate }) => !inOriginal && inUpdate,
    message: (path) => `A oneof was added at '${path}'`,
  }),
  defineProtobufRule({
    id: 'ONEOF_REMOVED',
    purpose: 'A removed oneof container is informational; its members are checked by tag.',
    compatible: COMPATIBLE,
    on: 'oneof',
    when: ({ inOriginal, inUpdate }) => inOriginal && !inUpdate,
    message: (path) => `The oneof at '${path}' was removed`,
  }),
  defineProtobufRule({
    id: 'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
    purpose: 'Fields that could all be set are now mutually exclusive: old data sets several.',
    compatible: INCOMPATIBLE,
    on: 'oneofMembers',
    when: ({ originGroups, topLevelMovedIn }) => originGroups > 1 && topLevelMovedIn > 1,
    message: (path) => `Multiple fields in the oneof at path '${path}' in the {reader} schema are outside a oneof in the {writer} schema`,
  }),
  defineProtobufRule({
    id: 'FIELD_MOVED_TO_EXISTING_ONEOF',
    purpose: 'A field joined other members it was independent of: old data may set both.',
    compatible: INCOMPATIBLE,
    on: 'oneofMembers',
    when: ({ originGroups, topLevelMovedIn }) => originGroups > 1 && topLevelMovedIn <= 1,
    message: (path) => `A field in the oneof at path '${path}' in the {reader} schema is outside an existing oneof in the {writer} schema`,
  }),
];
