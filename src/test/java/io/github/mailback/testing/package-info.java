/**
 * Test infrastructure shared by the test tree: {@link io.github.mailback.testing.ScriptedSmtpServer}, an
 * in-process SMTP server that records what arrives and can be scripted to misbehave;
 * {@link io.github.mailback.testing.CountingSmtpSink}, one that only counts messages too large to keep;
 * {@link io.github.mailback.testing.TestCertificates}, a self-signed certificate for localhost and
 * 127.0.0.1 with matching server and client TLS contexts; and
 * {@link io.github.mailback.testing.ExternalServer}, which runs a real server program (smtp-sink,
 * aiosmtpd, Postfix, Exim) on free loopback ports; and the private mail servers
 * {@link io.github.mailback.testing.PostfixServer} and {@link io.github.mailback.testing.EximServer}
 * (each a {@link io.github.mailback.testing.RealMta}) with the {@link io.github.mailback.testing.Maildir}
 * they deliver into.
 */
package io.github.mailback.testing;
