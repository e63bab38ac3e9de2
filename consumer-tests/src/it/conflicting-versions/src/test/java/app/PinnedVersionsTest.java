package app;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.Version;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * With FakeMail on the test class path, every library this project pins is still the version it
 * pinned, loaded from its own jar, once. The pins come from the POM (surefire system properties).
 */
class PinnedVersionsTest {
  private static String pinned(String name) {
    String value = System.getProperty("pinned." + name);
    assertThat(value).as("system property pinned.%s (set in the POM)", name).isNotBlank();
    return value;
  }

  @Test
  void nettyIsTheProjectsOwn() throws Exception {
    String netty = pinned("netty");
    Map<String, String> versions = new TreeMap<>();
    Version.identify().forEach((artifact, v) -> versions.put(artifact, v.artifactVersion()));
    // Version.identify() reads every META-INF/io.netty.versions.properties on the class path: a
    // copy left in a shaded jar would report FakeMail's Netty as the project's.
    assertThat(versions).as("Netty artifacts reported by Version.identify()").isNotEmpty();
    assertThat(versions.values()).as("Netty versions %s", versions).containsOnly(netty);

    assertThat(ClassPath.jarOf(io.netty.channel.Channel.class))
        .isEqualTo("netty-transport-" + netty + ".jar");
    assertThat(ClassPath.copiesOf("io.netty.channel.Channel")).hasSize(1);
    assertThat(ClassPath.copiesOf("io.netty.handler.ssl.SslHandler")).hasSize(1);

    // An API that exists only since Netty 4.2.
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    assertThat(group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void guavaIsTheProjectsOwn() {
    String guava = pinned("guava");
    assertThat(ClassPath.jarOf(ImmutableList.class)).isEqualTo("guava-" + guava + ".jar");
    assertThat(ClassPath.copiesOf("com.google.common.collect.ImmutableList")).hasSize(1);
    // java.time overload added in Guava 33.
    Supplier<String> memo = Suppliers.memoizeWithExpiration(() -> "x", Duration.ofMinutes(1))::get;
    assertThat(memo.get()).isEqualTo("x");
  }

  @Test
  void jacksonIsTheProjectsOwn() {
    String jackson = pinned("jackson");
    assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString())
        .isEqualTo(jackson);
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(jackson);
    assertThat(ClassPath.jarOf(com.fasterxml.jackson.core.JsonFactory.class))
        .isEqualTo("jackson-core-" + jackson + ".jar");
    assertThat(ClassPath.copiesOf("com.fasterxml.jackson.core.JsonFactory")).hasSize(1);
  }

  @Test
  void bouncyCastleIsTheProjectsOwn() {
    String bc = pinned("bouncycastle");
    assertThat(ClassPath.jarOf(org.bouncycastle.jce.provider.BouncyCastleProvider.class))
        .isEqualTo("bcprov-jdk18on-" + bc + ".jar");
    assertThat(ClassPath.jarOf(org.bouncycastle.cert.X509CertificateHolder.class))
        .isEqualTo("bcpkix-jdk18on-" + bc + ".jar");
    assertThat(ClassPath.copiesOf("org.bouncycastle.jce.provider.BouncyCastleProvider")).hasSize(1);
    assertThat(ClassPath.copiesOf("org.bouncycastle.cert.X509CertificateHolder")).hasSize(1);
  }

  @Test
  void bothMailApisAreTheProjectsOwn() {
    String javaxMail = pinned("javax-mail");
    assertThat(ClassPath.jarOf(javax.mail.Session.class))
        .isEqualTo("javax.mail-" + javaxMail + ".jar");
    assertThat(javax.mail.Session.class.getPackage().getImplementationVersion())
        .isEqualTo(javaxMail);
    assertThat(ClassPath.copiesOf("javax.mail.Session")).hasSize(1);

    String jakartaMail = pinned("jakarta-mail-api");
    assertThat(ClassPath.jarOf(jakarta.mail.Session.class))
        .isEqualTo("jakarta.mail-api-" + jakartaMail + ".jar");
    assertThat(ClassPath.copiesOf("jakarta.mail.Session")).hasSize(1);
  }

  @Test
  void junitIsTheProjectsOwn() {
    assertThat(ClassPath.jarOf(Test.class))
        .isEqualTo("junit-jupiter-api-" + pinned("junit") + ".jar");
    assertThat(ClassPath.copiesOf("org.junit.jupiter.api.Test")).hasSize(1);
  }
}
