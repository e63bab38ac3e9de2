/**
 * The Java client of the HTTP API: {@link dev.fakemail.Inbox} and {@link dev.fakemail.SmtpBehavior}
 * over {@code /api/v1}, with {@code java.net.http} and Jackson. Reached through {@link
 * dev.fakemail.Inbox#overHttp(java.net.URI)} and {@link dev.fakemail.FakeMailHttpClient}; nothing
 * here is API.
 */
package dev.fakemail.internal.http.client;
