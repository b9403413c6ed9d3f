/**
 * Test infrastructure shared by the test tree: {@link io.github.mailback.testing.ScriptedSmtpServer}, an
 * in-process SMTP server that records what arrives and can be scripted to misbehave;
 * {@link io.github.mailback.testing.TestCertificates}, a self-signed certificate for localhost and
 * 127.0.0.1 with matching server and client TLS contexts; and
 * {@link io.github.mailback.testing.ExternalServer}, which runs a real server program (smtp-sink,
 * aiosmtpd) on a free loopback port.
 */
package io.github.mailback.testing;
