import type { ProtobufCase } from '../../rule-case.ts';

export const cases: ProtobufCase[] = [
  {
    description: 'Detect added oneof',
    writer: `syntax = "proto3";
message M {
  string a = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  string a = 1;
  oneof choice {
    string b = 2;
    int32 c = 3;
  }
}
`,
    changes: ['ONEOF_ADDED #/M/choice', 'ONEOF_FIELD_ADDED #/M/choice/2', 'ONEOF_FIELD_ADDED #/M/choice/3'],
    compatible: true,
  },
  {
    description: 'Detect removed oneof, with all its members',
    writer: `syntax = "proto3";
message M {
  string a = 1;
  oneof choice {
    string b = 2;
    int32 c = 3;
  }
}
`,
    reader: `syntax = "proto3";
message M {
  string a = 1;
}
`,
    changes: ['ONEOF_REMOVED #/M/choice'],
    compatible: true,
  },
  {
    description: 'Detect several fields moved into a new oneof',
    writer: `syntax = "proto3";
message M {
  string a = 1;
  string b = 2;
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
    string b = 2;
  }
}
`,
    changes: ['ONEOF_ADDED #/M/choice', 'MULTIPLE_FIELDS_MOVED_TO_ONEOF #/M/choice'],
    compatible: false,
  },
  {
    description: 'One field moved into a new oneof is no conflict',
    writer: `syntax = "proto3";
message M {
  string a = 1;
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
  }
}
`,
    changes: ['ONEOF_ADDED #/M/choice'],
    compatible: true,
  },
  {
    description: 'Detect a field moved into an existing oneof',
    writer: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
  }
  string b = 2;
}
`,
    reader: `syntax = "proto3";
message M {
  oneof choice {
    string a = 1;
    string b = 2;
  }
}
`,
    changes: ['FIELD_MOVED_TO_EXISTING_ONEOF #/M/choice'],
    compatible: false,
  },
];
