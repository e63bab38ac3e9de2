package dev.fakemail.internal.http.client;

import dev.fakemail.Transcript;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/transcripts…}: for {@link HttpInbox} and the HTTP client. */
public final class TranscriptCalls {
  private static final String TRANSCRIPTS = "api/v1/transcripts";

  private TranscriptCalls() {}

  /** Every transcript the server keeps, or those of an address inbox ({@code null}: all). */
  public static List<Transcript> list(HttpApi api, String address) {
    Query query = new Query();
    if (address != null) {
      query.add("inbox", address);
    }
    return Calls.run(
        "Interrupted while reading transcripts over HTTP",
        () ->
            TranscriptJson.list(
                api.send("GET", TRANSCRIPTS, query, null, null, HttpApi.MARGIN)
                    .expect(200)
                    .json()));
  }

  /** One transcript, empty on 404; of an address inbox unless {@code address} is null. */
  public static Optional<Transcript> find(HttpApi api, String address, String id) {
    Query query = new Query();
    if (address != null) {
      query.add("inbox", address);
    }
    String path =
        TRANSCRIPTS + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    return Calls.run(
        "Interrupted while reading a transcript over HTTP",
        () -> {
          ApiResponse response = api.send("GET", path, query, null, null, HttpApi.MARGIN);
          if (response.status() == 404) {
            return Optional.empty();
          }
          return Optional.of(TranscriptJson.transcript(response.expect(200).json()));
        });
  }
}
