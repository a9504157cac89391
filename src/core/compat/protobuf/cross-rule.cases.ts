import type { ProtobufCase } from '../rule-case.ts';

export const cases: ProtobufCase[] = [
  {
    description: 'A well-known type written relative and fully qualified is the same type (issue 12)',
    writer: `syntax = "proto3";
package pkg;
import "google/protobuf/timestamp.proto";
import "google/type/datetime.proto";
message Event {
  google.protobuf.Timestamp at = 1;
  google.type.DateTime local = 2;
}
`,
    reader: `syntax = "proto3";
package pkg;
import "google/protobuf/timestamp.proto";
import "google/type/datetime.proto";
message Event {
  .google.protobuf.Timestamp at = 1;
  .google.type.DateTime local = 2;
}
`,
    changes: [],
    compatible: true,
  },
  {
    description: 'A google/type enum is read as a number: DayOfWeek to int32 keeps the wire kind (issue 12)',
    writer: `syntax = "proto3";
import "google/type/dayofweek.proto";
message Shift {
  google.type.DayOfWeek day = 1;
}
`,
    reader: `syntax = "proto3";
message Shift {
  int32 day = 1;
}
`,
    changes: [],
    compatible: true,
  },
];
