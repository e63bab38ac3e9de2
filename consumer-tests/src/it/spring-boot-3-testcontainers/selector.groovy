// Runs this project only where its container can start: a Docker engine answers and the image of
// this build exists. Otherwise it is skipped with a note, unless FAKEMAIL_REQUIRE_DOCKER=1 (CI),
// where it runs and fails for want of them.
def image = fakemailImage // from the invoker configuration (consumer-tests/pom.xml)
def required = System.getenv('FAKEMAIL_REQUIRE_DOCKER') == '1'

// Invoker sends what a script prints to the project's build.log; the note also goes to the outer
// build's own standard error, where a skipped project is otherwise just "SKIPPED".
def tell = { String note ->
  println note
  def console = new PrintStream(new FileOutputStream(FileDescriptor.err), true)
  console.println(note)
}

def run = { List<String> command ->
  try {
    def process = command.execute()
    def out = new StringBuilder()
    process.consumeProcessOutput(out, out)
    if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly()
      return [false, 'no answer within 30 s']
    }
    return [process.exitValue() == 0, out.toString().trim().readLines().join(' ')]
  } catch (IOException e) {
    return [false, e.message]
  }
}

def (docker, dockerSays) = run(['docker', 'info', '--format', '{{.ServerVersion}}'])
def reason = null
if (!docker) {
  reason = "no Docker engine (docker info failed: ${dockerSays})"
} else {
  def (present, imageSays) = run(['docker', 'image', 'inspect', '--format', '{{.Id}}', image])
  if (!present) {
    reason = "no image ${image} (the docker module builds it: mvn verify with a Docker engine)"
  }
}
if (reason == null) {
  return true
}
if (required) {
  tell("[fakemail-consumer] spring-boot-3-testcontainers: ${reason}; running anyway because FAKEMAIL_REQUIRE_DOCKER=1")
  return true
}
tell("[fakemail-consumer] spring-boot-3-testcontainers SKIPPED: ${reason}. FAKEMAIL_REQUIRE_DOCKER=1 makes this an error.")
return false
