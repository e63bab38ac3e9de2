package dev.fakemail.internal.mime;

import dev.fakemail.Address;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.address.MailboxList;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/** Address-list headers (From, To, Cc, Reply-To) to {@link Address} values, leniently. */
final class AddressParser {
  private AddressParser() {}

  static List<Address> parse(String rawValue) {
    List<Address> result = new ArrayList<>();
    try {
      AddressList list = LenientAddressParser.DEFAULT.parseAddressList(rawValue);
      MailboxList mailboxes = list.flatten();
      for (Mailbox mailbox : mailboxes) {
        String address = mailbox.getAddress();
        if (address == null
            || address.isBlank()
            || mailbox.getDomain() == null
            || mailbox.getLocalPart() == null
            || mailbox.getLocalPart().isEmpty()) {
          continue;
        }
        String name = mailbox.getName();
        result.add(Address.of(address, name == null ? null : decode(name)));
      }
    } catch (RuntimeException e) {
      // A header no parser makes sense of has no addresses; the raw header is still there.
    }
    return result;
  }

  private static String decode(String name) {
    return name.contains("=?") ? DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT) : name;
  }
}
