package dev.fakemail.internal.net;

import dev.fakemail.internal.transcript.SessionRecorder;
import dev.fakemail.internal.transcript.TranscriptLog;
import io.netty.channel.Channel;
import java.io.InputStream;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.NettyProtocolTransport;

/** James's transport, telling a {@link SessionRecorder} what it writes before writing it. */
final class RecordingTransport extends NettyProtocolTransport implements TranscriptLog.Recorded {
  private final SessionRecorder recorder;

  RecordingTransport(Channel channel, Encryption encryption, SessionRecorder recorder) {
    super(channel, encryption, false);
    this.recorder = recorder;
  }

  @Override
  public SessionRecorder recorder() {
    return recorder;
  }

  @Override
  protected void writeToClient(byte[] bytes, ProtocolSession session, boolean startTls) {
    recorder.serverWrite(bytes);
    super.writeToClient(bytes, session, startTls);
  }

  @Override
  protected void writeToClient(InputStream in, ProtocolSession session, boolean startTls) {
    recorder.serverStream();
    super.writeToClient(in, session, startTls);
  }
}
