package dev.fakemail.internal.pop3;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.james.protocols.api.ProtocolConfiguration;
import org.apache.james.protocols.api.ProtocolTransport;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.pop3.POP3Response;
import org.apache.james.protocols.pop3.POP3SessionImpl;

/** One POP3 connection: James's session with replies that say what went wrong. */
final class Pop3Session extends POP3SessionImpl {
  private static final Response FATAL =
      new POP3Response(POP3Response.ERR_RESPONSE, "Internal server error; please try again")
          .immutable();

  private final int maxLineLength;

  Pop3Session(ProtocolTransport transport, ProtocolConfiguration config, int maxLineLength) {
    super(transport, config);
    this.maxLineLength = maxLineLength;
  }

  /** The maildrop after login, else {@code null}. */
  Pop3Maildrop maildrop() {
    return (Pop3Maildrop) getUserMailbox();
  }

  /** Commands are read as UTF-8 (ASCII is a subset), so a password may have any character. */
  @Override
  public Charset getCharset() {
    return StandardCharsets.UTF_8;
  }

  @Override
  public Response newLineTooLongResponse() {
    return new POP3Response(
        POP3Response.ERR_RESPONSE, "Line too long (the limit is " + maxLineLength + " bytes)");
  }

  @Override
  public Response newFatalErrorResponse() {
    return FATAL;
  }

  @Override
  public Response newCommandNotFoundErrorResponse() {
    return new POP3Response(POP3Response.ERR_RESPONSE, "Unknown command");
  }
}
