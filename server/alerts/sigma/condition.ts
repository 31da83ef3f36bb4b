// Sigma's `condition`: `and`, `or`, `not`, parentheses, `1 of sel*`, `all of sel*`, `1 of them`,
// `all of them`, over the named search identifiers of the detection. Precedence not > and > or.
// The deprecated aggregation syntax (`| count() by x > 5`) is refused with a pointer to correlations.
import type { QueryNode } from '../../store/query/ast.ts';
import { SigmaError } from './sigma-error.ts';

type Token = { kind: 'word' | 'lparen' | 'rparen'; text: string };

function tokenize(cond: string): Token[] {
  if (cond.includes('|'))
    throw new SigmaError(
      'Sigma: aggregation in the condition ("| count() …") is deprecated and not supported; use a correlation rule (event_count, value_count)',
    );
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|([^\s()]+))/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < cond.length && (m = re.exec(cond))) {
    if (m[1]) out.push({ kind: 'lparen', text: '(' });
    else if (m[2]) out.push({ kind: 'rparen', text: ')' });
    else if (m[3]) out.push({ kind: 'word', text: m[3] });
  }
  return out;
}

function globRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

export function compileCondition(cond: string, selections: ReadonlyMap<string, QueryNode>): QueryNode {
  const tokens = tokenize(cond);
  let i = 0;
  const peek = () => tokens[i];
  const isWord = (w: string) => peek()?.kind === 'word' && peek()!.text.toLowerCase() === w;
  const fail = (msg: string): never => {
    throw new SigmaError(`Sigma: condition "${cond}": ${msg}`);
  };

  const parseOr = (): QueryNode => {
    const kids = [parseAnd()];
    while (isWord('or')) {
      i++;
      kids.push(parseAnd());
    }
    return kids.length === 1 ? kids[0] : { type: 'or', children: kids };
  };
  const parseAnd = (): QueryNode => {
    const kids = [parseNot()];
    while (isWord('and')) {
      i++;
      kids.push(parseNot());
    }
    return kids.length === 1 ? kids[0] : { type: 'and', children: kids };
  };
  const parseNot = (): QueryNode => {
    if (isWord('not')) {
      i++;
      return { type: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): QueryNode => {
    const t = peek();
    if (!t) return fail('ends too early');
    if (t.kind === 'lparen') {
      i++;
      const inner = parseOr();
      if (peek()?.kind !== 'rparen') fail('a "(" is not closed');
      i++;
      return inner;
    }
    if (t.kind === 'rparen') return fail('unexpected ")"');
    const next = tokens[i + 1];
    if (next?.kind === 'word' && next.text.toLowerCase() === 'of') {
      const quant = t.text.toLowerCase();
      const target = tokens[i + 2];
      if (!target || target.kind !== 'word') fail(`"${t.text} of" needs a name pattern or "them"`);
      i += 3;
      if (quant !== '1' && quant !== 'all' && quant !== 'any')
        fail(`"${t.text} of" is not supported (only "1 of" and "all of")`);
      const pattern = target!.text;
      const names = [...selections.keys()].filter((n) =>
        pattern === 'them' ? !n.startsWith('_') : globRegExp(pattern).test(n),
      );
      if (names.length === 0) fail(`"${pattern}" names no search identifier`);
      const kids = names.map((n) => selections.get(n)!);
      if (kids.length === 1) return kids[0];
      return quant === 'all' ? { type: 'and', children: kids } : { type: 'or', children: kids };
    }
    if (['and', 'or', 'not', 'of'].includes(t.text.toLowerCase())) fail(`unexpected "${t.text}"`);
    i++;
    const sel = selections.get(t.text);
    if (!sel) fail(`"${t.text}" is not a search identifier of the detection`);
    return sel!;
  };

  if (tokens.length === 0) fail('is empty');
  const node = parseOr();
  if (i < tokens.length) fail(`unexpected "${tokens[i].text}"`);
  return node;
}
