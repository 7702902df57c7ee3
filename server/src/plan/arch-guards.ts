import type { Node, Tree } from '../parser/parser';

/**
 * On which arches a top-level statement runs, read from the `$CARCH` tests around it, never by
 * running anything:
 *
 * - `case "$CARCH" in` arms: the arm's patterns, and none of the earlier arms' (`*)` after
 *   `x86*)` does not run on x86);
 * - `if`/`elif`/`else` whose conditions test `$CARCH` with `=`, `==` or `!=`, in `[ ]`, `[[ ]]` or
 *   `test`, joined with `&&`, `||` or `!`;
 * - `[ "$CARCH" = x ] && statement` and `... || statement`.
 *
 * The answer is a list of conditions that all hold. What cannot be read exactly (another variable,
 * a command's status, a negation of two tests) is taken as "may run": a dependency then counts on
 * more arches than it needs, never on fewer.
 */
export interface ArchCondition {
  patterns: string[];
  /** the arch must match none of the patterns (else: one of them) */
  except: boolean;
}

/** The conditions on the arch under which the statement starting at `offset` runs; [] for always. */
export function archGuardsAt(tree: Tree, offset: number): ArchCondition[] {
  let node: Node | null = tree.rootNode.descendantForIndex(offset);
  const guards: ArchCondition[] = [];
  while (node && node.parent) {
    const parent: Node = node.parent;
    if (parent.type === 'ERROR' || parent.type === 'function_definition') return [];
    guards.push(...guardOfBranch(parent, node));
    node = parent;
  }
  return guards;
}

/** What must hold for `child` (a child of `parent`) to run, as far as `parent` decides. */
function guardOfBranch(parent: Node, child: Node): ArchCondition[] {
  switch (parent.type) {
    case 'if_statement':
      return afterThen(parent, child) ? conditionOf(parent) : [];
    case 'elif_clause': {
      if (!afterThen(parent, child) || !parent.parent) return [];
      return [...conditionOf(parent), ...earlierBranches(parent.parent, parent).flatMap(not)];
    }
    case 'else_clause':
      return parent.parent ? earlierBranches(parent.parent, parent).flatMap(not) : [];
    case 'list': {
      const [left, op, right] = [parent.child(0), parent.child(1), parent.child(2)];
      if (!left || !op || !right || right.id !== child.id) return [];
      const cond = testOf(left);
      return op.type === '&&' ? cond : op.type === '||' ? not(cond) : [];
    }
    case 'case_item': {
      const statement = parent.parent;
      if (!statement || statement.type !== 'case_statement' || !isCarch(statement.childForFieldName('value')) || !bodyOfItem(parent, child)) return [];
      const earlier = statement.namedChildren.filter((c): c is Node => !!c && c.type === 'case_item' && c.startIndex < parent.startIndex);
      const guards = [{ patterns: patternsOf(parent), except: false }];
      for (const item of earlier) guards.push({ patterns: patternsOf(item), except: true });
      return guards;
    }
    default:
      return [];
  }
}

/** The conditions of the `if` and `elif` branches before `clause`, in order. */
function earlierBranches(ifStatement: Node, clause: Node): ArchCondition[][] {
  const conds = [conditionOf(ifStatement)];
  for (const c of ifStatement.namedChildren) {
    if (!c || c.startIndex >= clause.startIndex) break;
    if (c.type === 'elif_clause') conds.push(conditionOf(c));
  }
  return conds;
}

/** Whether `child` comes after the `then` of an if or elif (in its body, not its condition). */
function afterThen(node: Node, child: Node): boolean {
  const then = node.children.find((c) => c?.type === 'then');
  return !!then && child.startIndex >= then.endIndex && child.type !== 'elif_clause' && child.type !== 'else_clause';
}

/** The condition of an if or elif: the statements between the keyword and `then`. */
function conditionOf(node: Node): ArchCondition[] {
  const parts: Node[] = [];
  for (const c of node.children) {
    if (!c || c.type === 'if' || c.type === 'elif' || c.type === ';' || c.type === '\n') continue;
    if (c.type === 'then') break;
    parts.push(c);
  }
  // `if a; b; then`: the last one decides
  return parts.length ? testOf(parts[parts.length - 1]) : [];
}

function bodyOfItem(item: Node, child: Node): boolean {
  const close = item.children.find((c) => c?.type === ')');
  return !!close && child.startIndex >= close.endIndex;
}

function patternsOf(item: Node): string[] {
  const close = item.children.find((c) => c?.type === ')');
  return item.children.filter((c): c is Node => !!c && c.isNamed && (!close || c.endIndex <= close.startIndex)).map((c) => c.text);
}

/** The conditions a test command's success means. */
function testOf(node: Node): ArchCondition[] {
  switch (node.type) {
    case 'test_command': {
      const inner = node.namedChildren[0];
      return node.namedChildCount === 1 && inner ? expressionOf(inner, node.text.startsWith('[[')) : [];
    }
    case 'command':
      return testArgsOf(node);
    case 'negated_command': {
      const inner = node.namedChildren[0];
      return inner ? not(testOf(inner)) : [];
    }
    case 'list': {
      const [left, op, right] = [node.child(0), node.child(1), node.child(2)];
      if (!left || !op || !right) return [];
      return op.type === '&&' ? [...testOf(left), ...testOf(right)] : op.type === '||' ? any(testOf(left), testOf(right)) : [];
    }
    default:
      return [];
  }
}

/**
 * A `[ ]` or `[[ ]]` expression. tree-sitter-bash nests `-o`/`-a` below `=` (`a = b -o c = d` comes
 * out as `a = (b -o c) = d`), so the expression is read from its operands and operators in source
 * order, as test(1) reads them: `-a`/`&&` bind tighter than `-o`/`||`.
 */
function expressionOf(node: Node, doubleBrackets: boolean): ArchCondition[] {
  const tokens = flatten(node);
  const ors = splitAt(tokens, (t) => t.text === '-o' || t.type === '||');
  let result: ArchCondition[] | undefined;
  for (const part of ors) {
    const ands = splitAt(part, (t) => t.text === '-a' || t.type === '&&').flatMap((group) => operandOf(group, doubleBrackets));
    result = result === undefined ? ands : any(result, ands);
  }
  return result ?? [];
}

function flatten(node: Node): Node[] {
  if (node.type !== 'binary_expression') return [node];
  const left = node.childForFieldName('left');
  const op = node.childForFieldName('operator');
  const right = node.childForFieldName('right');
  return left && op && right ? [...flatten(left), op, ...flatten(right)] : [node];
}

function splitAt(tokens: Node[], isSeparator: (t: Node) => boolean): Node[][] {
  const parts: Node[][] = [[]];
  for (const t of tokens) {
    if (isSeparator(t)) parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  return parts;
}

/** `a = b`, `( ... )` or `! ...`; anything else (`-n "$x"`) may be true or false. */
function operandOf(group: Node[], doubleBrackets: boolean): ArchCondition[] {
  if (group.length === 3) return comparison(group[0], group[1].text, group[2], doubleBrackets);
  if (group.length !== 1) return [];
  const node = group[0];
  const inner = node.namedChildren.at(-1);
  if (node.type === 'parenthesized_expression' && inner) return expressionOf(inner, doubleBrackets);
  if (node.type === 'unary_expression' && node.child(0)?.type === '!' && inner) return not(expressionOf(inner, doubleBrackets));
  return [];
}

/** `test "$CARCH" = x` (also `test x != "$CARCH"`). */
function testArgsOf(command: Node): ArchCondition[] {
  if (command.childForFieldName('name')?.text !== 'test') return [];
  const args = command.childrenForFieldName('argument').filter((c): c is Node => !!c);
  return args.length === 3 ? comparison(args[0], args[1].text, args[2], false) : [];
}

function comparison(left: Node, op: string | undefined, right: Node, patternOnRight: boolean): ArchCondition[] {
  if (op !== '=' && op !== '==' && op !== '!=') return [];
  const [subject, other] = isCarch(left) ? [left, right] : isCarch(right) ? [right, left] : [undefined, undefined];
  if (!subject || !other) return [];
  const value = literalOf(other, patternOnRight && other === right);
  return value === undefined ? [] : [{ patterns: [value], except: op === '!=' }];
}

/** `$CARCH`, `${CARCH}`, `"$CARCH"`. */
function isCarch(node: Node | null): boolean {
  if (!node) return false;
  if (node.type === 'string') return node.namedChildCount === 1 && isCarch(node.namedChildren[0]);
  return (node.type === 'simple_expansion' || node.type === 'expansion') && /^\$\{?CARCH\}?$/.test(node.text);
}

/** A word without expansions, as a `case` pattern (quotes taken off; a string compared with `=` in
 * `[ ]` is matched literally, which makes no difference for arch names). */
function literalOf(node: Node, pattern: boolean): string | undefined {
  if (/[$`]/.test(node.text)) return undefined;
  const text = node.text.replace(/["']/g, '');
  return pattern ? text : text.replace(/[*?[\]\\]/g, '\\$&');
}

/** One condition for "a or b", when it can be said as one; else [] (may run). */
function any(a: ArchCondition[], b: ArchCondition[]): ArchCondition[] {
  if (a.length !== 1 || b.length !== 1 || a[0].except !== b[0].except) return [];
  if (!a[0].except) return [{ patterns: [...a[0].patterns, ...b[0].patterns], except: false }];
  // not in A, or not in B: not in both
  const both = a[0].patterns.filter((p) => b[0].patterns.includes(p));
  return both.length ? [{ patterns: both, except: true }] : [];
}

/** The conditions for "not a", when it can be said; else [] (may run). */
function not(a: ArchCondition[]): ArchCondition[] {
  return a.length === 1 ? [{ patterns: a[0].patterns, except: !a[0].except }] : [];
}
