/**
 * Implementation details of the JstVerify tracer. Not a published API: anything here may change
 * or disappear in any release without notice. Do not use it from application code.
 */
package com.jstverify.tracing.internal;
