/**
 * The read-only statement guard on its own: what it admits, and a list of hostile statements it
 * must refuse (several statements, comments and strings hiding a second one, CALL, EXECUTE
 * IMMEDIATE, DML/DDL in CTEs, Snowflake Scripting, side-effecting SYSTEM$ functions, ->>).
 */
import { describe, expect, it } from "vitest";
import { StatementRefused, admitReadOnly, tokenize } from "../../../services/platforms/snowflake/api/statement-guard.js";

function refusal(sql: string): string {
  try {
    admitReadOnly(sql);
  } catch (error) {
    if (error instanceof StatementRefused) return error.reason;
    throw error;
  }
  throw new Error(`admitted: ${sql}`);
}

describe("tokenize", () => {
  it("keeps strings, quoted identifiers and dollar strings whole and drops comments", () => {
    const tokens = tokenize(`SELECT 'a;b''c\\'d', "x;""y", $$ ; DROP $$ -- ; DELETE\n/* ; */ // ; UPDATE\n FROM t`);
    expect(tokens.map((t) => [t.kind, t.text])).toEqual([
      ["word", "SELECT"],
      ["string", "'a;b''c\\'d'"],
      ["symbol", ","],
      ["quoted_identifier", '"x;""y"'],
      ["symbol", ","],
      ["string", "$$ ; DROP $$"],
      ["word", "FROM"],
      ["word", "T"],
    ]);
  });

  it("tells binds from casts and semi-structured paths", () => {
    const kinds = tokenize("SELECT v:name::string, x FROM t WHERE a = ? AND b = :1").map((t) => `${t.kind}:${t.text}`);
    expect(kinds).toContain("symbol:::");
    expect(kinds).toContain("bind:?");
    expect(kinds).toContain("bind::1");
    expect(kinds).not.toContain("bind::NAME");
  });
});

describe("admitReadOnly", () => {
  it.each([
    ["SELECT 1", "SELECT"],
    ["  select * from analytics.marts.orders where customer = ? limit 10 ;  -- trailing comment", "SELECT"],
    ["WITH recent AS (SELECT * FROM t WHERE d > ?) SELECT COUNT(*) FROM recent", "SELECT"],
    ["SHOW WAREHOUSES", "SHOW"],
    ["show tables in schema analytics.marts", "SHOW"],
    ["DESCRIBE TABLE analytics.marts.orders", "DESCRIBE"],
    ["desc view v", "DESCRIBE"],
    ["EXPLAIN USING TEXT SELECT * FROM t", "EXPLAIN"],
    ["SELECT 'DROP TABLE t; DELETE FROM u' AS s, \"UPDATE\" FROM t", "SELECT"],
    ["SELECT src:customer.name::string FROM raw_json", "SELECT"],
    ["SELECT SYSTEM$PIPE_STATUS(?)", "SELECT"],
    // a backslash escapes a quote in a Snowflake string: this is one string, not a second statement
    ["SELECT 'a\\'; DROP TABLE orders; --'", "SELECT"],
  ])("admits %s", (sql, kind) => {
    expect(admitReadOnly(sql).kind).toBe(kind);
  });

  it("drops a trailing semicolon and comment and counts ? binds", () => {
    const admitted = admitReadOnly("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?; -- done");
    expect(admitted.sqlText).toBe("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?");
    expect(admitted.bindCount).toBe(2);
  });

  it.each([
    // several statements
    ["SELECT 1; SELECT 2", "only one statement"],
    ["SELECT 1; DROP TABLE orders", "only one statement"],
    ["SELECT 1;;", "empty statements"],
    ["; SELECT 1", "empty statement"],
    // comments and strings that would hide a second statement from a regex
    ["SELECT 1 /* harmless */; DELETE FROM orders", "only one statement"],
    ["SELECT 1 -- comment\n; DROP TABLE orders", "only one statement"],
    ["SELECT 'it''s'; TRUNCATE TABLE orders", "only one statement"],
    ["SELECT \"a\"\"\"; DROP TABLE orders", "only one statement"],
    ["SELECT $$ x $$; CALL sp()", "only one statement"],
    // not a read
    ["CALL cleanup_procedure()", "starts with CALL"],
    ["EXECUTE IMMEDIATE 'DROP TABLE orders'", "starts with EXECUTE"],
    ["EXECUTE IMMEDIATE $$ BEGIN DROP TABLE orders; END $$", "starts with EXECUTE"],
    ["BEGIN DELETE FROM orders; END", "only one statement"],
    ["BEGIN RETURN 1 END", "starts with BEGIN"],
    ["DECLARE c CURSOR FOR SELECT 1; BEGIN RETURN 1; END", "only one statement"],
    ["DECLARE x INT DEFAULT 1", "starts with DECLARE"],
    ["INSERT INTO orders SELECT * FROM orders", "starts with INSERT"],
    ["MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE", "starts with MERGE"],
    ["CREATE TABLE x AS SELECT 1", "starts with CREATE"],
    ["ALTER WAREHOUSE compute_wh SET WAREHOUSE_SIZE = X6LARGE", "starts with ALTER"],
    ["GRANT ROLE ACCOUNTADMIN TO USER mallory", "starts with GRANT"],
    ["USE ROLE ACCOUNTADMIN", "starts with USE"],
    ["SET x = (SELECT 1)", "starts with SET"],
    ["COPY INTO @stage FROM orders", "starts with COPY"],
    ["PUT file:///etc/passwd @stage", "starts with PUT"],
    ["GET @stage file:///tmp", "starts with GET"],
    ["(SELECT 1)", 'starts with "("'],
    // DML / DDL hidden inside a read
    ["WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d", "DELETE is not allowed"],
    ["WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "INSERT is not allowed"],
    ["WITH x AS (SELECT 1) UPDATE t SET a = 1", "UPDATE is not allowed"],
    ["SELECT * FROM (CALL sp())", "CALL is not allowed"],
    ["SELECT 1 INTO :v", "INTO is not allowed"],
    ["SELECT * FROM t WHERE EXISTS (SELECT 1) AND 1 = (EXECUTE IMMEDIATE 'x')", "EXECUTE is not allowed"],
    ["EXPLAIN DELETE FROM orders", "DELETE is not allowed"],
    ["EXPLAIN USING JSON SHOW TABLES", "EXPLAIN is allowed only for a SELECT"],
    ["WITH a AS (SHOW TABLES)", "must be a SELECT"],
    ["SHOW TABLES ->> DROP TABLE orders", "->> flow operator"],
    ["SHOW TABLES ->> SELECT * FROM $1", "->> flow operator"],
    // side-effecting system functions
    ["SELECT SYSTEM$CANCEL_ALL_QUERIES(123)", "SYSTEM$CANCEL_ALL_QUERIES"],
    ["SELECT SYSTEM$ABORT_SESSION(1)", "SYSTEM$ABORT_SESSION"],
    ["select system$pipe_force_resume('p')", "SYSTEM$PIPE_FORCE_RESUME"],
    // malformed
    ["SELECT 'unterminated", "unterminated string"],
    ["SELECT 1 /* never closed ; DROP TABLE orders", "unterminated /* comment"],
    ['SELECT "open', "unterminated quoted identifier"],
    ["SELECT $$ open", "unterminated $$"],
    ["   -- only a comment", "no statement"],
    ["SELECT * FROM t WHERE a = :1", "use ? placeholders"],
  ])("refuses %s", (sql, reason) => {
    const why = refusal(sql);
    if (reason !== undefined) expect(why).toContain(reason);
  });
});
