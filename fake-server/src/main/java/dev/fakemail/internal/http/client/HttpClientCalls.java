package dev.fakemail.internal.http.client;

import java.util.List;
import java.util.Map;

/** The calls of {@link dev.fakemail.FakeMailHttpClient} that are not about an inbox. */
public final class HttpClientCalls {
  private HttpClientCalls() {}

  /** {@code POST /api/v1/inboxes}: the address of a fresh inbox. */
  public static String newInboxAddress(HttpApi api) {
    Map<String, Object> json =
        call(api, "POST", "api/v1/inboxes", new Query(), new byte[0], "text/plain");
    return MailJson.text(json, "address");
  }

  /** {@code POST /api/v1/messages?to=…}: seeds the recipient's mailbox; the stored message's id. */
  public static String deliver(HttpApi api, String recipient, byte[] raw) {
    Map<String, Object> json =
        call(
            api,
            "POST",
            "api/v1/messages",
            new Query().add("to", recipient),
            raw,
            "message/rfc822");
    List<?> delivered = MailJson.array(json, "delivered");
    if (delivered.size() != 1) {
      throw MailJson.malformed("delivered", delivered);
    }
    return MailJson.text(MailJson.object(delivered.get(0), "delivered"), "id");
  }

  private static Map<String, Object> call(
      HttpApi api, String method, String path, Query query, byte[] body, String contentType) {
    return Calls.run(
        "Interrupted while calling the FakeMail HTTP API at " + api,
        () -> api.send(method, path, query, body, contentType, HttpApi.MARGIN).expect(201).json());
  }
}
