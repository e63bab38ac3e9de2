package dev.fakemail.internal.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Reads {@code .eml} files for seeding mailboxes. */
public final class EmlFiles {
  private EmlFiles() {}

  /**
   * A file, or every regular {@code *.eml} file directly in a folder (any case of the suffix),
   * sorted by file name.
   *
   * @throws UncheckedIOException if the path does not exist or cannot be read; the message names it
   */
  public static List<Path> list(Path fileOrFolder) {
    if (Files.isRegularFile(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new UncheckedIOException(
          "Cannot read mail from " + fileOrFolder + ": no such file or folder",
          new NoSuchFileException(fileOrFolder.toString()));
    }
    try (Stream<Path> entries = Files.list(fileOrFolder)) {
      List<Path> files = new ArrayList<>();
      entries
          .filter(p -> isEml(p) && Files.isRegularFile(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .forEach(files::add);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + fileOrFolder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The subfolders of a folder of mailboxes, sorted by name; each is named by an address.
   *
   * @throws UncheckedIOException if the folder is missing, or holds an {@code .eml} file of its own
   *     (its recipient would be unknown)
   */
  public static List<Path> mailboxFolders(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new UncheckedIOException(
          "Cannot read mailboxes from " + folder + ": no such folder",
          new NoSuchFileException(folder.toString()));
    }
    try (Stream<Path> entries = Files.list(folder)) {
      List<Path> all = new ArrayList<>();
      entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).forEach(all::add);
      List<Path> folders = new ArrayList<>();
      for (Path p : all) {
        if (Files.isDirectory(p)) {
          folders.add(p);
        } else if (isEml(p)) {
          String message =
              "Cannot preload "
                  + p
                  + ": in a folder of mailboxes, .eml files go in a subfolder named by the"
                  + " recipient's address";
          throw new UncheckedIOException(message, new IOException(message));
        }
      }
      return folders;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /** The bytes of a file, exactly. */
  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEml(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eml");
  }
}
