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
  {
    description: 'Detect added required field',
    writer: `syntax = "proto2";
message M {
  optional string a = 1;
}
`,
    reader: `syntax = "proto2";
message M {
  optional string a = 1;
  required string b = 2;
}
`,
    changes: ['REQUIRED_FIELD_ADDED #/M/2'],
    compatible: false,
  },
  {
    description: 'Detect added oneof field',
    writer: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
  }
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
    int32 b = 2;
  }
}
`,
    changes: ['ONEOF_FIELD_ADDED #/M/choice/2'],
    compatible: true,
  },
  {
    description: 'Detect removed field',
    writer: `syntax = "proto3";
message M {
  string a = 1;
  string b = 2;
}
`,
    reader: `syntax = "proto3";
message M {
  string a = 1;
}
`,
    changes: ['FIELD_REMOVED #/M/2'],
    compatible: true,
  },
  {
    description: 'Detect removed required field',
    writer: `syntax = "proto2";
message M {
  optional string a = 1;
  required string b = 2;
}
`,
    reader: `syntax = "proto2";
message M {
  optional string a = 1;
}
`,
    changes: ['REQUIRED_FIELD_REMOVED #/M/2'],
    compatible: false,
  },
  {
    description: 'Detect a member removed from a surviving oneof',
    writer: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
    string b = 2;
  }
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
  }
}
`,
    changes: ['ONEOF_FIELD_REMOVED #/M/choice/2'],
    compatible: false,
  },
  {
    description: 'Detect a oneof member moved to the top level',
    writer: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
    string b = 2;
  }
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
  }
  string b = 2;
}
`,
    changes: ['ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/M/2'],
    compatible: true,
  },
  {
    description: 'Detect renamed field',
    writer: `syntax = "proto3";
message M {
  string a = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  string b = 1;
}
`,
    changes: ['FIELD_NAME_CHANGED #/M/1'],
    compatible: true,
  },
  {
    description: 'Detect a scalar field that became a message',
    writer: `syntax = "proto3";
message M {
  string a = 1;
}
message N {
  string x = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  N a = 1;
}
message N {
  string x = 1;
}
`,
    changes: ['FIELD_KIND_CHANGED #/M/1'],
    compatible: false,
  },
  {
    description: 'A scalar of the same wire encoding is no change (int32 to int64)',
    writer: `syntax = "proto3";
message M {
  int32 n = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  int64 n = 1;
}
`,
    changes: [],
    compatible: true,
  },
  {
    description: 'Detect a string field made repeated',
    writer: `syntax = "proto2";
message M {
  optional string s = 1;
}
`,
    reader: `syntax = "proto2";
message M {
  repeated string s = 1;
}
`,
    changes: ['FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/1'],
    compatible: true,
  },
  {
    description: 'Detect a message field of another message type',
    writer: `syntax = "proto3";
message M {
  A a = 1;
}
message A {
  string x = 1;
}
message B {
  string x = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  B a = 1;
}
message A {
  string x = 1;
}
message B {
  string x = 1;
}
`,
    changes: ['FIELD_NAMED_TYPE_CHANGED #/M/1'],
    compatible: false,
  },
  {
    description: 'A message field whose own message changed compatibly keeps its type',
    writer: `syntax = "proto3";
message M {
  A a = 1;
}
message A {
  string x = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  A a = 1;
}
message A {
  string x = 1;
  int32 y = 2;
}
`,
    changes: ['FIELD_ADDED #/A/2'],
    compatible: true,
  },
];
