/**
 * Where a compatibility checker's path points in a schema's text: the line
 * numbers of the element it names. The checkers speak two path dialects:
 *
 * - Avro and JSON Schema: a JSON pointer into the schema document —
 *   `/fields/2`, `/fields/0/type/symbols`, `/1/fields/0` (a union branch),
 *   `#/properties/price/maximum`, `#/required/qty`. Avro indices count the
 *   fields of the schema the path was taken in (see locate), and a few Avro
 *   paths stop at the record and name the field in the message instead
 *   ("The field 'price' of the old schema is not in the new record …" at `/`).
 * - Protobuf: type names, then a field or enum value number, without the
 *   package: `#/Order/3`, `#/Outer/Inner/2`, `#/Order/pay/6` (a oneof),
 *   `#/Status/1`, `#/Gone` (a message), `#/` for the file itself.
 *
 * A text that is JSON is outlined as JSON; any other as .proto.
 */

/** The element a path names: its first and last lines and the one line that stands for it (all 1-based). */
export interface Located {
  anchor: number;
  start: number;
  end: number;
}

export interface SchemaOutline {
  /** undefined when the path names nothing in this text. */
  locate(path: string, ruleId: string, message: string): Located | undefined;
}

export function outlineSchema(lines: readonly string[]): SchemaOutline {
  const json = jsonOutline(lines);
  return json ?? protoOutline(lines);
}

/** Path segments, unescaped (`~1` is `/`, `~0` is `~`, URI escapes in `#` fragments). */
export function pathSegments(path: string): string[] {
  return path
    .replace(/^#/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const plain = s.replaceAll('~1', '/').replaceAll('~0', '~');
      try {
        return decodeURIComponent(plain);
      } catch {
        return plain;
      }
    });
}

interface JsonNode {
  start: number;
  end: number;
  /** The line of the member name, when the node is an object member's value. */
  keyLine?: number;
  members?: Array<[string, JsonNode]>;
  items?: JsonNode[];
  /** A primitive's token as written. */
  raw?: string;
}

const JSON_TOKEN = /\s*("(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}[\],:])/y;

/** The document's tree with line numbers, or undefined when the text is not JSON. JSON tokens never span lines. */
function jsonTree(lines: readonly string[]): JsonNode | undefined {
  try {
    JSON.parse(lines.join('\n'));
  } catch {
    return undefined;
  }
  // Valid JSON from here on, so the build below need not check its grammar.
  let root: JsonNode | undefined;
  const stack: JsonNode[] = [];
  let key: string | undefined;
  let keyLine = 0;
  let expectKey = false;
  const attach = (node: JsonNode) => {
    const parent = stack.at(-1);
    if (parent === undefined) root = node;
    else if (parent.members) {
      parent.members.push([key as string, { ...node, keyLine }]);
      key = undefined;
      return parent.members.at(-1)![1];
    } else parent.items!.push(node);
    return node;
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    JSON_TOKEN.lastIndex = 0;
    for (let match = JSON_TOKEN.exec(text); match; match = JSON_TOKEN.exec(text)) {
      const token = match[1];
      if (token === '{' || token === '[') {
        stack.push(attach(token === '{' ? { start: line, end: line, members: [] } : { start: line, end: line, items: [] }));
        expectKey = token === '{';
      } else if (token === '}' || token === ']') {
        stack.pop()!.end = line;
      } else if (token === ',') {
        expectKey = stack.at(-1)?.members !== undefined;
      } else if (token === ':') {
        continue;
      } else if (expectKey) {
        key = JSON.parse(token) as string;
        keyLine = line;
        expectKey = false;
      } else attach({ start: line, end: line, raw: token });
    }
  });
  return root;
}

function jsonOutline(lines: readonly string[]): SchemaOutline | undefined {
  const root = jsonTree(lines);
  if (root === undefined) return undefined;
  return {
    locate(path, ruleId, message) {
      let node = walkJson(root, pathSegments(path));
      if (node === undefined) return undefined;
      // Avro names the field in the message when its path stops at the record.
      const named = /\bfield '([^']+)'/.exec(message)?.[1];
      const fields = member(node, 'fields')?.items;
      if (named !== undefined && fields !== undefined) {
        node = fields.find((field) => member(field, 'name')?.raw === JSON.stringify(named));
        if (node === undefined) return undefined;
      }
      // A path at a schema whose rule says which keyword changed (TYPE_CHANGED at `#/`): that keyword's line.
      const keyword = node.members?.find(([k]) => ruleId.startsWith(`${k.replace(/^\$/, '').toUpperCase()}_`));
      if (keyword !== undefined) {
        const [, value] = keyword;
        return { anchor: value.keyLine ?? value.start, start: value.keyLine ?? value.start, end: value.end };
      }
      // An Avro field or named type stands by its name, not its opening brace.
      const name = node.keyLine === undefined ? member(node, 'name') : undefined;
      const anchor = name?.raw !== undefined ? (name.keyLine ?? name.start) : (node.keyLine ?? node.start);
      return { anchor, start: Math.min(anchor, node.start), end: node.end };
    },
  };
}

function member(node: JsonNode, key: string): JsonNode | undefined {
  return node.members?.find(([k]) => k === key)?.[1];
}

function walkJson(root: JsonNode, segments: readonly string[]): JsonNode | undefined {
  let node = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    let next: JsonNode | undefined;
    if (node.members) next = node.members.findLast(([k]) => k === segment)?.[1];
    else if (node.items) {
      // `#/required/qty`: an array of names is addressed by the name.
      next = /^\d+$/.test(segment) ? node.items[Number(segment)] : node.items.find((item) => item.raw === JSON.stringify(segment));
    }
    // The JSON Schema model wraps some schemas in a combinator the text does not have (`#/allOf/0/items/1`).
    if (next === undefined && /^(allOf|anyOf|oneOf)$/.test(segment) && /^\d+$/.test(segments[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

interface ProtoScope {
  kind: 'root' | 'message' | 'enum' | 'oneof' | 'other';
  line: number;
  end: number;
  children: Map<string, ProtoScope>;
  /** Field numbers (enum value numbers in an enum) to the line declaring them. */
  numbers: Map<number, number>;
  parent?: ProtoScope;
}

const PROTO_TOKEN = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\/\/|\/\*|\*\/|[A-Za-z_][\w.]*|-?(?:0[xX][0-9a-fA-F]+|\d+)(?:\.\d*)?|\S)/y;
const NOT_FIELDS = new Set(['option', 'reserved', 'extensions', 'syntax', 'edition', 'package', 'import']);

/** Messages, enums and oneofs with their lines, and the line of each field and enum value by number. */
function protoOutline(lines: readonly string[]): SchemaOutline {
  const root: ProtoScope = { kind: 'root', line: 1, end: Math.max(1, lines.length), children: new Map(), numbers: new Map() };
  let scope = root;
  let packageLine: number | undefined;
  let packageName: string[] = [];
  let statement: Array<{ text: string; line: number }> = [];
  let brackets = 0;
  let inComment = false;
  const record = (target: ProtoScope, number: number, line: number) => {
    if (!target.numbers.has(number)) target.numbers.set(number, line);
  };
  const declareField = () => {
    // Options (`[default = 5]`) come after the number and hold `=` too.
    const cut = statement.findIndex((t) => t.text === '[');
    const tokens = cut < 0 ? statement : statement.slice(0, cut);
    const eq = tokens.findIndex((t) => t.text === '=');
    const number = Number(tokens[eq + 1]?.text);
    if (eq < 1 || !Number.isInteger(number) || NOT_FIELDS.has(tokens[0].text)) return;
    const line = tokens[eq - 1].line;
    record(scope, number, line);
    // A oneof's fields are also its message's: `#/M/2` names one as well as `#/M/choice/2`.
    if (scope.kind === 'oneof' && scope.parent) record(scope.parent, number, line);
  };
  lines.forEach((text, index) => {
    const line = index + 1;
    PROTO_TOKEN.lastIndex = 0;
    for (let match = PROTO_TOKEN.exec(text); match; match = PROTO_TOKEN.exec(text)) {
      const token = match[1];
      if (inComment) {
        inComment = token !== '*/';
        continue;
      }
      if (token === '//') break;
      if (token === '/*') {
        inComment = true;
        continue;
      }
      if (token === '[') brackets++;
      if (token === ']') brackets--;
      if (brackets > 0 || token === ']' || (token !== '{' && token !== '}' && token !== ';')) {
        statement.push({ text: token, line });
        continue;
      }
      if (token === '{') {
        const [first, second] = statement;
        const kind = first?.text === 'message' || first?.text === 'enum' || first?.text === 'oneof' ? first.text : 'other';
        const child: ProtoScope = { kind, line: second?.line ?? line, end: line, children: new Map(), numbers: new Map(), parent: scope };
        if (kind !== 'other' && second) scope.children.set(second.text, child);
        else if (statement.some((t) => t.text === 'group')) {
          // proto2 `optional group Result = 1 { … }`: a field and the message it declares.
          declareField();
          child.kind = 'message';
          const eq = statement.findIndex((t) => t.text === '=');
          if (eq > 0) scope.children.set(statement[eq - 1].text, child);
        }
        scope = child;
      } else if (token === '}') {
        scope.end = line;
        scope = scope.parent ?? root;
      } else {
        if (statement[0]?.text === 'package') {
          packageLine = statement[0].line;
          packageName = statement[1]?.text.split('.') ?? [];
        }
        if (scope.kind !== 'root' && scope.kind !== 'other') declareField();
      }
      statement = [];
    }
  });
  return {
    locate(path, ruleId) {
      const number = /^-?\d+$/;
      let segments = pathSegments(path).flatMap((s) => (number.test(s) ? [s] : s.split('.')));
      // The checker leaves the package out; a fully qualified name is accepted too.
      if (packageName.length > 0 && packageName.every((part, i) => segments[i] === part) && !root.children.has(segments[0])) segments = segments.slice(packageName.length);
      if (segments.length === 0) {
        const anchor = ruleId.startsWith('PACKAGE_') && packageLine !== undefined ? packageLine : 1;
        return { anchor, start: anchor, end: anchor === 1 ? root.end : anchor };
      }
      let at = root;
      for (const [i, segment] of segments.entries()) {
        if (i === segments.length - 1 && number.test(segment)) {
          const line = at.numbers.get(Number(segment));
          return line === undefined ? undefined : { anchor: line, start: line, end: line };
        }
        const child = at.children.get(segment);
        if (child === undefined) return undefined;
        at = child;
      }
      return { anchor: at.line, start: at.line, end: at.end };
    },
  };
}
