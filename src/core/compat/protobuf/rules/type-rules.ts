import { COMPATIBLE, INCOMPATIBLE } from '../../rule.ts';
import { defineProtobufRule } from '../protobuf-rule.ts';

/** The file's package, its messages and enums. */
export const typeRules = [
  defineProtobufRule({
    id: 'PACKAGE_CHANGED',
    purpose: 'Every message gets another full name, which readers resolve by.',
    compatible: INCOMPATIBLE,
    on: 'package',
    when: ({ original, update }) => original !== update,
    message: (path) => `The package at '${path}' in the {reader} schema does not match the package in the {writer} schema`,
  }),
  defineProtobufRule({
    id: 'MESSAGE_ADDED',
    purpose: 'A new message type affects no existing data.',
    compatible: COMPATIBLE,
    on: 'message',
    when: ({ presence, isMap }) => presence === 'update' && !isMap,
    message: (path) => `A message type was added at '${path}'`,
  }),
  defineProtobufRule({
    id: 'MESSAGE_REMOVED',
    purpose: 'Data written as the removed message type can no longer be read.',
    compatible: INCOMPATIBLE,
    on: 'message',
    when: ({ presence, isMap }) => presence === 'original' && !isMap,
    message: (path) => `The {reader} schema is missing a MESSAGE type at path '${path}' in the {writer} schema`,
  }),
  defineProtobufRule({
    id: 'MESSAGE_MOVED',
    purpose: 'Reordering messages is compatible: serialized message indexes refer to the schema of their own id.',
    compatible: COMPATIBLE,
    on: 'message',
    when: ({ presence, moved }) => presence === 'both' && moved,
    message: (path) => `The message at '${path}' moved to another index`,
  }),
  defineProtobufRule({
    id: 'ENUM_ADDED',
    purpose: 'A new enum type affects no existing data.',
    compatible: COMPATIBLE,
    on: 'enum',
    when: ({ presence }) => presence === 'update',
    message: (path) => `An enum type was added at '${path}'`,
  }),
  defineProtobufRule({
    id: 'ENUM_REMOVED',
    purpose: 'Enum values are plain numbers on the wire; fields of a removed enum are checked as scalars.',
    compatible: COMPATIBLE,
    on: 'enum',
    when: ({ presence }) => presence === 'original',
    message: (path) => `The enum type at '${path}' was removed`,
  }),
  defineProtobufRule({
    id: 'ENUM_CONST_ADDED',
    purpose: 'A new enum value affects no existing data.',
    compatible: COMPATIBLE,
    on: 'enumConstant',
    when: ({ original, update }) => original === undefined && update !== undefined,
    message: (path) => `An enum value was added at '${path}'`,
  }),
  defineProtobufRule({
    id: 'ENUM_CONST_REMOVED',
    purpose: 'A removed enum value is still read as its number.',
    compatible: COMPATIBLE,
    on: 'enumConstant',
    when: ({ original, update }) => original !== undefined && update === undefined,
    message: (path) => `The enum value at '${path}' was removed`,
  }),
  defineProtobufRule({
    id: 'ENUM_CONST_CHANGED',
    purpose: 'Renaming an enum value keeps its number on the wire.',
    compatible: COMPATIBLE,
    on: 'enumConstant',
    when: ({ original, update }) => original !== undefined && update !== undefined && original !== update,
    message: (path) => `The enum value at '${path}' was renamed`,
  }),
];
