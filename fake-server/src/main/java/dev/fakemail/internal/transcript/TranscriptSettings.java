package dev.fakemail.internal.transcript;

import dev.fakemail.FakeMailConfig;

/** The recording limits of one server, from its {@link FakeMailConfig}. */
public final class TranscriptSettings {
  final int maxTranscripts;
  final int maxEntries;
  final int maxChars;
  final boolean credentials;
  final int bodyBytes;

  TranscriptSettings(
      int maxTranscripts, int maxEntries, int maxChars, boolean credentials, int bodyBytes) {
    this.maxTranscripts = maxTranscripts;
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
    this.credentials = credentials;
    this.bodyBytes = bodyBytes;
  }

  public static TranscriptSettings of(FakeMailConfig config) {
    return new TranscriptSettings(
        config.maxTranscripts(),
        config.maxTranscriptEntries(),
        config.maxTranscriptBytes(),
        config.transcriptCredentials(),
        config.transcriptBodyBytes());
  }

  /** Whether sessions are recorded at all. */
  public boolean enabled() {
    return maxTranscripts > 0;
  }
}
