/**
 * The read-only statement guard: a Snowflake SQL text is admitted only when it is exactly one
 * SELECT / WITH ... SELECT, SHOW, DESCRIBE (DESC) or EXPLAIN statement.
 *
 * It works on tokens, not on the text: a real tokenizer for Snowflake's lexical rules (single-quoted
 * strings with '' and backslash escapes, $$dollar-quoted$$ strings, "quoted identifiers" with ""
 * escapes, -- and // line comments, /* block comments *\/, ? and :1 binds, $variables), so a keyword
 * inside a string or an identifier never counts and a comment never hides a statement. Then:
 * - statements are split on top-level semicolons: exactly one non-empty statement (a trailing `;` is
 *   fine), so `SELECT 1; DROP TABLE t` and `SELECT 1 /* x *\/; DELETE ...` are refused;
 * - the first keyword must be SELECT, WITH, SHOW, DESCRIBE/DESC or EXPLAIN (EXPLAIN only of a
 *   SELECT/WITH): CALL, EXECUTE IMMEDIATE, BEGIN/DECLARE (Snowflake Scripting), USE, SET, PUT/GET,
 *   COPY, DML and DDL are refused;
 * - no keyword that writes, runs code or opens a block may appear anywhere in it (DML or DDL in a
 *   CTE, `SELECT ... INTO`, a nested EXECUTE IMMEDIATE), nor the `->>` flow operator that chains a
 *   second statement onto a SHOW;
 * - SYSTEM$ functions are refused except a short list of read-only ones (SYSTEM$CANCEL_QUERY,
 *   SYSTEM$ABORT_SESSION, SYSTEM$PIPE_FORCE_RESUME and friends change things).
 * The guard is one layer: SETUP.md recommends running the server under a role that can only read.
 */

export type TokenKind = "word" | "quoted_identifier" | "string" | "number" | "bind" | "variable" | "symbol";

export interface Token {
  readonly kind: TokenKind;
  /** words upper-cased; everything else as written */
  readonly text: string;
  readonly offset: number;
}

export class StatementRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "StatementRefused";
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
/** multi-character operators, longest first */
const OPERATORS = ["->>", "::", "||", "<=", ">=", "<>", "!=", "=>", "->"];

function isOperandEnd(token: Token | undefined): boolean {
  if (token === undefined) return false;
  return token.kind === "word" || token.kind === "quoted_identifier" || token.kind === "number" || token.kind === "variable" || (token.kind === "symbol" && (token.text === ")" || token.text === "]"));
}

/** Splits Snowflake SQL into tokens; comments and whitespace are dropped. Throws StatementRefused on an unterminated string, identifier or comment. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    // line comments: -- and // (Snowflake accepts both)
    if ((c === "-" && next === "-") || (c === "/" && next === "/")) {
      const end = sql.indexOf("\n", i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === "/" && next === "*") {
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) throw new StatementRefused("unterminated /* comment");
      i = end + 2;
      continue;
    }
    if (c === "'") {
      // single-quoted string: '' and backslash escapes
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new StatementRefused("unterminated string literal");
        const d = sql[j];
        if (d === "\\") {
          j += 2;
          continue;
        }
        if (d === "'") {
          if (sql[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j += 1;
      }
      tokens.push({ kind: "string", text: sql.slice(i, j + 1), offset: i });
      i = j + 1;
      continue;
    }
    if (c === "$" && next === "$") {
      const end = sql.indexOf("$$", i + 2);
      if (end === -1) throw new StatementRefused("unterminated $$ string");
      tokens.push({ kind: "string", text: sql.slice(i, end + 2), offset: i });
      i = end + 2;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= n) throw new StatementRefused("unterminated quoted identifier");
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') {
            j += 2;
            continue;
          }
          break;
        }
        j += 1;
      }
      tokens.push({ kind: "quoted_identifier", text: sql.slice(i, j + 1), offset: i });
      i = j + 1;
      continue;
    }
    if (c === "?") {
      tokens.push({ kind: "bind", text: "?", offset: i });
      i += 1;
      continue;
    }
    // :1 is a positional bind; `col:path` (semi-structured access) and `::` casts are not
    if (c === ":" && next !== undefined && DIGIT.test(next) && !isOperandEnd(tokens.at(-1))) {
      let j = i + 1;
      while (j < n && DIGIT.test(sql[j] as string)) j += 1;
      tokens.push({ kind: "bind", text: sql.slice(i, j), offset: i });
      i = j;
      continue;
    }
    if (c === "$" && next !== undefined && /[A-Za-z0-9_]/.test(next)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j] as string)) j += 1;
      tokens.push({ kind: "variable", text: sql.slice(i, j), offset: i });
      i = j;
      continue;
    }
    if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(sql[j] as string)) j += 1;
      tokens.push({ kind: "word", text: sql.slice(i, j).toUpperCase(), offset: i });
      i = j;
      continue;
    }
    if (DIGIT.test(c) || (c === "." && next !== undefined && DIGIT.test(next))) {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(sql[j] as string)) {
        if (/[eE]/.test(sql[j] as string) && /[+-]/.test(sql[j + 1] ?? "")) j += 1;
        j += 1;
      }
      tokens.push({ kind: "number", text: sql.slice(i, j), offset: i });
      i = j;
      continue;
    }
    const operator = OPERATORS.find((op) => sql.startsWith(op, i));
    if (operator !== undefined) {
      tokens.push({ kind: "symbol", text: operator, offset: i });
      i += operator.length;
      continue;
    }
    tokens.push({ kind: "symbol", text: c, offset: i });
    i += 1;
  }
  return tokens;
}

/** Statements that only read. */
const ADMITTED_FIRST = new Set(["SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN"]);

/**
 * Words that never belong in a read: they write data or objects, grant, run procedures or dynamic
 * SQL, open Snowflake Scripting blocks, move files or end transactions. Snowflake reserves most of
 * them, so a bare occurrence is a keyword, never a column name (quoted identifiers are not words).
 */
const FORBIDDEN_ANYWHERE = new Set([
  "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "TRUNCATE", "CREATE", "ALTER", "DROP", "UNDROP", "RENAME", "REPLACE_INTO",
  "GRANT", "REVOKE", "CALL", "EXECUTE", "EXEC", "IMMEDIATE", "INTO", "COPY", "PUT", "REMOVE",
  "BEGIN", "DECLARE", "LET", "COMMIT", "ROLLBACK", "PROCEDURE", "RETURN",
]);

/** SYSTEM$ functions that only read; every other SYSTEM$ function is refused. */
const READ_ONLY_SYSTEM_FUNCTIONS = new Set([
  "SYSTEM$PIPE_STATUS",
  "SYSTEM$CLUSTERING_INFORMATION",
  "SYSTEM$CLUSTERING_DEPTH",
  "SYSTEM$TYPEOF",
  "SYSTEM$EXPLAIN_PLAN_JSON",
  "SYSTEM$EXPLAIN_JSON_TO_TEXT",
  "SYSTEM$GET_TAG",
  "SYSTEM$TASK_DEPENDENTS_ENABLE_CHECK",
  "SYSTEM$ESTIMATE_SEARCH_OPTIMIZATION_COSTS",
  "SYSTEM$ESTIMATE_QUERY_ACCELERATION",
]);

export interface AdmittedStatement {
  /** SELECT, SHOW, DESCRIBE or EXPLAIN */
  readonly kind: "SELECT" | "SHOW" | "DESCRIBE" | "EXPLAIN";
  /** the statement without a trailing semicolon */
  readonly sqlText: string;
  /** how many `?` binds it takes */
  readonly bindCount: number;
}

/** Admits a single read-only statement, or throws StatementRefused saying why. */
export function admitReadOnly(sql: string): AdmittedStatement {
  const tokens = tokenize(sql);
  const separators = tokens.flatMap((token, index) => (token.kind === "symbol" && token.text === ";" ? [index] : []));
  const statements: Token[][] = [];
  let start = 0;
  for (const index of [...separators, tokens.length]) {
    const statement = tokens.slice(start, index);
    if (statement.length > 0) statements.push(statement);
    start = index + 1;
  }
  if (statements.length === 0) throw new StatementRefused("no statement");
  if (statements.length > 1) throw new StatementRefused(`only one statement is allowed; found ${statements.length}`);
  const statement = statements[0] as Token[];
  // whatever follows the statement's last token (a trailing semicolon, comments) is dropped
  const last = statement[statement.length - 1] as Token;
  const firstOffset = (statement[0] as Token).offset;
  if (separators.some((index) => (tokens[index] as Token).offset < firstOffset)) throw new StatementRefused("the statement starts with an empty statement (;)");
  if (separators.length > 1) throw new StatementRefused("only one statement is allowed; found empty statements (;;)");

  const first = statement[0] as Token;
  if (first.kind !== "word" || !ADMITTED_FIRST.has(first.text)) {
    throw new StatementRefused(`only SELECT, WITH, SHOW, DESCRIBE and EXPLAIN are allowed; this statement starts with ${first.kind === "word" ? first.text : `"${first.text}"`}`);
  }
  for (const token of statement) {
    if (token.kind === "word" && FORBIDDEN_ANYWHERE.has(token.text)) throw new StatementRefused(`${token.text} is not allowed in a read-only query`);
    if (token.kind === "word" && token.text.startsWith("SYSTEM$") && !READ_ONLY_SYSTEM_FUNCTIONS.has(token.text)) {
      throw new StatementRefused(`${token.text} is not on the list of read-only system functions`);
    }
    if (token.kind === "symbol" && token.text === "->>") throw new StatementRefused("the ->> flow operator (a second statement) is not allowed");
  }
  if (first.text === "EXPLAIN") {
    let i = 1;
    if (statement[i]?.text === "USING") i += 2;
    const explained = statement[i];
    if (explained?.kind !== "word" || (explained.text !== "SELECT" && explained.text !== "WITH")) {
      throw new StatementRefused("EXPLAIN is allowed only for a SELECT");
    }
  }
  if (first.text === "WITH" && !statement.some((token) => token.kind === "word" && token.text === "SELECT")) {
    throw new StatementRefused("a WITH statement must be a SELECT");
  }
  const named = statement.filter((token) => token.kind === "bind" && token.text !== "?");
  if (named.length > 0) throw new StatementRefused(`use ? placeholders for parameters, not ${named[0]?.text}`);

  const kind = first.text === "WITH" ? "SELECT" : first.text === "DESC" ? "DESCRIBE" : (first.text as AdmittedStatement["kind"]);
  return {
    kind,
    sqlText: sql.slice(firstOffset, last.offset + last.text.length).trim(),
    bindCount: statement.filter((token) => token.kind === "bind").length,
  };
}
