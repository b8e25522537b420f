package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SqlSanitizerTest {

  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("SELECT * FROM users WHERE id = 42", "SELECT * FROM users WHERE id = ?"),
        Arguments.of(
            "select * from users where email = 'bob@example.com' and pw='s3cr''et'",
            "select * from users where email = ? and pw=?"),
        Arguments.of("INSERT INTO t1 (c2, c3) VALUES (1.5e3, -7)", "INSERT INTO t1 (c2, c3) VALUES (?, -?)"),
        Arguments.of("SELECT \"col 2\", t2.x FROM t2 WHERE a = ?", "SELECT \"col 2\", t2.x FROM t2 WHERE a = ?"),
        Arguments.of("UPDATE a SET b = 0xFF -- note 123\nWHERE c = 'x'", "UPDATE a SET b = ? -- note 123\nWHERE c = ?"),
        Arguments.of("SELECT $$secret$$, $tag$more$tag$, $1", "SELECT ?, ?, $1"),
        Arguments.of("/* 42 */ SELECT .5", "/* 42 */ SELECT ?"),
        Arguments.of("SELECT 'unterminated", "SELECT ?"));
  }

  @ParameterizedTest
  @MethodSource("statements")
  void literals_areReplaced_identifiersKept(String sql, String expected) {
    assertEquals(expected, SqlSanitizer.sanitize(sql));
  }

  @Test
  void backslash_escapesOnlyInMysqlAndInPostgresEscapeStrings() {
    assertEquals("SELECT ?, ?", SqlSanitizer.sanitize("SELECT 'C:\\', 'pw'", false));
    assertEquals("SELECT E?, ?", SqlSanitizer.sanitize("SELECT E'it\\'s', 'pw'", false));
    assertEquals("SELECT ?, ?", SqlSanitizer.sanitize("SELECT 'it\\'s', 'pw'", true));
  }

  @Test
  void statementWithoutLiterals_isReturnedAsIs() {
    String sql = "SELECT name FROM users WHERE id = ?";
    assertSame(sql, SqlSanitizer.sanitize(sql));
  }

  @Test
  void verb_isTheFirstKeyword() {
    assertEquals("SELECT", SqlSanitizer.verbOf("  (select 1)"));
    assertEquals("INSERT", SqlSanitizer.verbOf("-- c\n/* d */ insert into t values (1)"));
    assertEquals("CALL", SqlSanitizer.verbOf("{call proc(?)}"));
    assertEquals("SQL", SqlSanitizer.verbOf(""));
    assertEquals("SQL", SqlSanitizer.verbOf(null));
  }
}
