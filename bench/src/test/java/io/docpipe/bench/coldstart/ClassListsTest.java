package io.docpipe.bench.coldstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed SnapStart class lists still match the code: a class of ours that was renamed or moved since the list
 * was generated would silently not be primed (`make snapstart-classes` regenerates them).
 */
class ClassListsTest {
  private static final Path ROOT = repoRoot();

  @Test
  void everyBenchedFunction_hasAList_namingItsHandler_andOnlyClassesOfOursThatExist() throws IOException {
    Set<String> ours = sourceClasses();
    for (String function : ColdStartMain.FUNCTIONS) {
      Path list = ClassLists.listOf(ROOT, function);
      assertThat(list).as("the class list of " + function + " (make snapstart-classes)").exists();
      List<String> names;
      try (Stream<String> lines = Files.lines(list)) {
        names = lines.map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      }
      String handler = "io.docpipe." + function + "." + Character.toUpperCase(function.charAt(0))
          + function.substring(1) + "Handler";
      assertThat(names).as(function).contains(handler);
      List<String> gone = names.stream().filter(n -> n.startsWith("io.docpipe."))
          .filter(n -> !ours.contains(n.contains("$") ? n.substring(0, n.indexOf('$')) : n)).toList();
      assertThat(gone).as("classes listed for " + function + " that no longer exist: run make snapstart-classes").isEmpty();
    }
  }

  /** Every top-level class of the functions' and libraries' main sources, by name. */
  private static Set<String> sourceClasses() throws IOException {
    Set<String> names = new java.util.HashSet<>();
    for (String dir : List.of("functions", "libs")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
        files.map(Path::toString).filter(p -> p.endsWith(".java") && p.contains("/src/main/java/"))
            .map(p -> p.substring(p.indexOf("/src/main/java/") + "/src/main/java/".length(), p.length() - ".java".length())
                .replace('/', '.'))
            .forEach(names::add);
      }
    }
    return names;
  }

  private static Path repoRoot() {
    String root = System.getProperty("docpipe.repo.root");
    return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
  }
}
