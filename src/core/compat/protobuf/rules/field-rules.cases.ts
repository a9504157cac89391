import type { ProtobufCase } from '../../rule-case.ts';

export const cases: ProtobufCase[] = [
  {
    description: 'A recursive message type terminates',
    writer: `syntax = "proto3";
message Node {
  string v = 1;
  repeated Node children = 2;
}
`,
    reader: `syntax = "proto3";
message Node {
  string v = 1;
  repeated Node children = 2;
  int64 weight = 3;
}
`,
    changes: ['FIELD_ADDED #/Node/3'],
    compatible: true,
  },
  {
    description: 'proto2 optional to repeated number changes the label',
    writer: `syntax = "proto2";
message M {
  optional int32 n = 1;
}
`,
    reader: `syntax = "proto2";
message M {
  repeated int32 n = 1;
}
`,
    changes: ['FIELD_NUMERIC_LABEL_CHANGED #/M/1'],
    compatible: false,
  },
  {
    description: 'Map value type change is a scalar kind change',
    writer: `syntax = "proto3";
message M {
  map<string, int32> m = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  map<string, string> m = 1;
}
`,
    changes: ['FIELD_SCALAR_KIND_CHANGED #/M/1'],
    compatible: false,
  },
];
