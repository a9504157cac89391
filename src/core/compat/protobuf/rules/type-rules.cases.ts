import type { ProtobufCase } from '../../rule-case.ts';

export const cases: ProtobufCase[] = [
  {
    description: 'Detect added enum constant',
    writer: `syntax = "proto3";
enum Status {
  ACTIVE = 0;
}
`,
    reader: `syntax = "proto3";
enum Status {
  ACTIVE = 0;
  INACTIVE = 1;
}
`,
    changes: ['ENUM_CONST_ADDED #/Status/1'],
    compatible: true,
  },
  {
    description: 'Detect removed enum constant',
    writer: `syntax = "proto3";
enum Status {
  ACTIVE = 0;
  INACTIVE = 1;
}
`,
    reader: `syntax = "proto3";
enum Status {
  ACTIVE = 0;
}
`,
    changes: ['ENUM_CONST_REMOVED #/Status/1'],
    compatible: true,
  },
  {
    description: 'Ignore changes to Confluent field metadata options (our own version of Confluent\'s with-meta case)',
    writer: `syntax = "proto3";
import "confluent/meta.proto";
import "confluent/type/decimal.proto";
option java_package = "dev.schemagate.fixture";
message Price {
  option (confluent.message_meta).doc = "a price";
  confluent.type.Decimal amount = 1 [(confluent.field_meta) = { params: [ { key: "precision", value: "12" }, { key: "scale", value: "2" } ] }];
}
`,
    reader: `syntax = "proto3";
import "confluent/meta.proto";
import "confluent/type/decimal.proto";
option java_package = "dev.schemagate.fixture";
option (confluent.file_meta) = { doc: "prices" };
message Price {
  option (confluent.message_meta) = { doc: "a price, in the account currency" };
  confluent.type.Decimal amount = 1 [(confluent.field_meta) = { doc: "amount", params: [ { value: "12", key: "precision" }, { value: "2", key: "scale" } ] }];
}
enum Currency {
  option (confluent.enum_meta) = { doc: "ISO 4217" };
  EUR = 0 [(confluent.enum_value_meta) = { doc: "euro" }];
  USD = 1;
}
`,
    changes: ['ENUM_ADDED #/Currency'],
    compatible: true,
  },
  {
    description: 'Detect changed package',
    writer: `syntax = "proto3";
package shop.v1;
message M {
  string s = 1;
}
`,
    reader: `syntax = "proto3";
package shop.v2;
message M {
  string s = 1;
}
`,
    changes: ['PACKAGE_CHANGED #/'],
    compatible: false,
  },
  {
    description: 'Detect added message',
    writer: `syntax = "proto3";
message M {
  string s = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  string s = 1;
}
message N {
  string t = 1;
}
`,
    changes: ['MESSAGE_ADDED #/N'],
    compatible: true,
  },
  {
    description: 'Detect removed message',
    writer: `syntax = "proto3";
message M {
  string s = 1;
}
message N {
  string t = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  string s = 1;
}
`,
    changes: ['MESSAGE_REMOVED #/N'],
    compatible: false,
  },
  {
    description: 'Detect reordered messages',
    writer: `syntax = "proto3";
message M {
  string s = 1;
}
message N {
  string t = 1;
}
`,
    reader: `syntax = "proto3";
message N {
  string t = 1;
}
message M {
  string s = 1;
}
`,
    changes: ['MESSAGE_MOVED #/M', 'MESSAGE_MOVED #/N'],
    compatible: true,
  },
  {
    description: 'Detect removed enum',
    writer: `syntax = "proto3";
message M {
  string s = 1;
}
enum E {
  A = 0;
}
`,
    reader: `syntax = "proto3";
message M {
  string s = 1;
}
`,
    changes: ['ENUM_REMOVED #/E'],
    compatible: true,
  },
  {
    description: 'Detect renamed enum constant',
    writer: `syntax = "proto3";
enum Status {
  ACTIVE = 0;
}
`,
    reader: `syntax = "proto3";
enum Status {
  LIVE = 0;
}
`,
    changes: ['ENUM_CONST_CHANGED #/Status/0'],
    compatible: true,
  },
  {
    description: 'An unchanged file is no change',
    writer: `syntax = "proto3";
package shop.v1;
message M {
  string s = 1;
}
enum E {
  A = 0;
}
`,
    reader: `syntax = "proto3";
package shop.v1;
message M {
  string s = 1;
}
enum E {
  A = 0;
}
`,
    changes: [],
    compatible: true,
  },
];
