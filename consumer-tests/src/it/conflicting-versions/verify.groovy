// Post-build check of the consumer project (maven-invoker-plugin): its `dependency:tree`
// (target/dependency-tree.txt, written by the build's validate phase) must show every library the
// project pins at the pinned version, and FakeMail must bring nothing but what is listed here.

// The only dependencies FakeMail's published artifacts may bring to a user's project, as
// groupId:artifactId (e.g. 'org.slf4j:slf4j-api'). None: everything FakeMail uses, SLF4J included,
// is relocated into dev.fakemail.internal.shaded, and the JUnit/AssertJ the extension needs are
// `provided` (the user's own).
def ALLOWED_FAKEMAIL_DEPENDENCIES = []

def pom = new groovy.xml.XmlSlurper().parse(new File(basedir, 'pom.xml'))
def pinned = { String name -> pom.properties."${name}".text().trim() }
// groupId, or groupId:artifactId -> the version the project pins for it.
def PINNED = [
    'io.netty'                     : pinned('netty.version'),
    'com.google.guava:guava'       : pinned('guava.version'),
    'com.fasterxml.jackson.core:jackson-core'       : pinned('jackson.version'),
    'com.fasterxml.jackson.core:jackson-databind'   : pinned('jackson.version'),
    // Since 2.20 jackson-annotations has only major.minor versions ("2.21").
    'com.fasterxml.jackson.core:jackson-annotations': pinned('jackson.version').tokenize('.')[0..1].join('.'),
    'org.bouncycastle'             : pinned('bouncycastle.version'),
    'com.sun.mail:javax.mail'      : pinned('javax-mail.version'),
    'jakarta.mail:jakarta.mail-api': pinned('jakarta-mail-api.version'),
    'org.eclipse.angus:angus-mail' : pinned('angus-mail.version'),
    'org.junit.jupiter'            : pinned('junit.version'),
]
// What the project itself declares: each must be in the tree as its own direct dependency.
def DIRECT = ['io.netty:netty-handler', 'com.google.guava:guava',
              'com.fasterxml.jackson.core:jackson-databind', 'org.bouncycastle:bcpkix-jdk18on',
              'com.sun.mail:javax.mail', 'jakarta.mail:jakarta.mail-api',
              'org.eclipse.angus:angus-mail']

File treeFile = new File(basedir, 'target/dependency-tree.txt')
assert treeFile.isFile() : "no dependency tree at ${treeFile}"
String treeText = treeFile.text
println "dependency:tree of the consumer project:\n${treeText}"

// "|  +- g:a:type[:classifier]:version:scope" -> depth 2, coordinates.
def nodes = []
treeText.readLines().eachWithIndex { String line, int i ->
  if (line.trim().isEmpty()) return
  if (i == 0) { nodes << [depth: 0, line: line]; return }
  def m = line =~ /^([| ]  |[+\\]- )*/
  int prefix = m.find() ? m.group(0).length() : 0
  String coords = line.substring(prefix).split(' ')[0]
  def parts = coords.split(':')
  nodes << [depth: prefix.intdiv(3), line: line.trim(), ga: "${parts[0]}:${parts[1]}",
            group: parts[0], version: parts[parts.length - 2]]
}
def problems = []

nodes.findAll { it.depth > 0 }.each { n ->
  PINNED.each { key, version ->
    boolean covers = key.contains(':') ? n.ga == key : n.group == key
    if (covers && n.version != version) {
      problems << "pinned ${key} ${version}, but the tree has ${n.line}"
    }
  }
}
DIRECT.each { ga ->
  if (!nodes.any { it.depth == 1 && it.ga == ga }) {
    problems << "the project's own dependency ${ga} is not a direct dependency in the tree"
  }
}

// Every node under a dev.fakemail artifact: FakeMail's transitive dependencies.
for (int i = 0; i < nodes.size(); i++) {
  def n = nodes[i]
  if (n.depth == 0 || n.group != 'dev.fakemail') continue
  for (int j = i + 1; j < nodes.size() && nodes[j].depth > n.depth; j++) {
    def d = nodes[j]
    if (d.group == 'dev.fakemail' || ALLOWED_FAKEMAIL_DEPENDENCIES.contains(d.ga)) continue
    problems << "${n.ga} brings ${d.line} (allowed: ${ALLOWED_FAKEMAIL_DEPENDENCIES})"
  }
}

if (!problems.isEmpty()) {
  throw new AssertionError("dependency:tree of conflicting-versions:\n  " + problems.join('\n  '))
}
println "dependency:tree OK: pinned versions kept, FakeMail brings only ${ALLOWED_FAKEMAIL_DEPENDENCIES}"
return true
