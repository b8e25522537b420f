package com.jstverify.tracing.jdbc;

import java.sql.Connection;

/**
 * What every traced connection proxy also implements, so that one is recognised under a pool's
 * own wrapper ({@code isWrapperFor(TracedConnection.class)} sees through both): a data source
 * wrapped over a pool that itself connects through {@code jdbc:jstverify:} then traces each
 * statement once, not twice.
 */
interface TracedConnection extends Connection {}
