package dev.kindred.bench.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the formats of {@code ../shared/data}: {@code movielens-100k} ({@code u.data}, {@code u.item}),
 * {@code movielens-latest} ({@code ratings.csv}, {@code movies.csv}, {@code tags.csv}), {@code s3rec}
 * ({@code user item item …} per line; the directory's only {@code .txt} file, or its only file) and
 * {@code amazon-json} ({@code *.inter.json} + {@code *.item.json}). Ties in time keep file order.
 */
public final class DatasetLoader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DatasetLoader() {
  }

  public static Dataset load(Path dir, String format) throws IOException {
    String name = dir.getFileName().toString();
    return switch (format) {
      case "movielens-100k" -> movieLens100k(dir, name);
      case "movielens-latest" -> movieLensLatest(dir, name);
      case "s3rec" -> s3rec(dir, name);
      case "amazon-json" -> amazonJson(dir, name);
      default -> throw new IllegalArgumentException(
          "unknown --format '" + format + "'; known: movielens-100k, movielens-latest, s3rec, amazon-json");
    };
  }

  /** One line per user: the user's id, then item ids in time order. Items carry no text. */
  static Dataset s3rec(Path dir, String name) throws IOException {
    Path file = single(dir);
    Ids items = new Ids();
    List<int[]> sequences = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length < 2) {
        continue;
      }
      int[] seq = new int[parts.length - 1];
      for (int i = 1; i < parts.length; i++) {
        seq[i - 1] = items.of(parts[i]);
      }
      sequences.add(seq);
    }
    String[] titles = new String[items.size()];
    items.forEach((id, n) -> titles[n] = "item " + id);
    return new Dataset(name, "s3rec", titles, null, sequences);
  }

  private static Path single(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      return dir;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("PROVENANCE.md")).toList();
      List<Path> txt = all.stream().filter(p -> p.getFileName().toString().startsWith("S3Rec_")
          || p.getFileName().toString().endsWith(".txt")).toList();
      if (txt.size() == 1) {
        return txt.get(0);
      }
      if (all.size() == 1) {
        return all.get(0);
      }
      throw new IOException(dir + ": expected one sequence file (user item item …), found " + all.size() + " files");
    }
  }

  static Dataset movieLens100k(Path dir, String name) throws IOException {
    Ids items = new Ids();
    List<String> titles = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    String[] genres = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
        "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
    for (String line : Files.readAllLines(dir.resolve("u.item"), StandardCharsets.ISO_8859_1)) {
      String[] f = line.split("\\|", -1);
      if (f.length < 24) {
        continue;
      }
      items.of(f[0]);
      List<String> g = new ArrayList<>();
      for (int i = 0; i < genres.length; i++) {
        if ("1".equals(f[5 + i])) {
          g.add(genres[i]);
        }
      }
      titles.add(f[1]);
      texts.add(f[1] + ". Genres: " + String.join(", ", g) + ".");
    }
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("u.data"), StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      rows.add(new String[] {f[0], f[1], f[3]});
    }
    return byUser(name, "movielens-100k", items, titles, texts, rows);
  }

  static Dataset movieLensLatest(Path dir, String name) throws IOException {
    Ids items = new Ids();
    List<String> titles = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    Map<String, List<String>> tags = new HashMap<>();
    if (Files.exists(dir.resolve("tags.csv"))) {
      for (String[] f : csv(dir.resolve("tags.csv"))) {
        List<String> t = tags.computeIfAbsent(f[1], k -> new ArrayList<>());
        if (t.size() < 8 && !t.contains(f[2].toLowerCase())) {
          t.add(f[2].toLowerCase());
        }
      }
    }
    for (String[] f : csv(dir.resolve("movies.csv"))) {
      items.of(f[0]);
      titles.add(f[1]);
      String t = tags.containsKey(f[0]) ? " Tags: " + String.join(", ", tags.get(f[0])) + "." : "";
      texts.add(f[1] + ". Genres: " + f[2].replace("|", ", ") + "." + t);
    }
    List<String[]> rows = new ArrayList<>();
    for (String[] f : csv(dir.resolve("ratings.csv"))) {
      rows.add(new String[] {f[0], f[1], f[3]});
    }
    return byUser(name, "movielens-latest", items, titles, texts, rows);
  }

  static Dataset amazonJson(Path dir, String name) throws IOException {
    Path inter;
    Path item;
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> all = files.toList();
      inter = all.stream().filter(p -> p.toString().endsWith(".inter.json")).findFirst()
          .orElseThrow(() -> new IOException(dir + ": no *.inter.json"));
      item = all.stream().filter(p -> p.toString().endsWith(".item.json")).findFirst()
          .orElseThrow(() -> new IOException(dir + ": no *.item.json"));
    }
    Ids items = new Ids();
    List<String> titles = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    JsonNode meta = JSON.readTree(item.toFile());
    for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      items.of(e.getKey());
      String title = e.getValue().path("title").asText("");
      titles.add(title);
      texts.add(title + " Brand: " + e.getValue().path("brand").asText("") + ". Categories: "
          + e.getValue().path("categories").asText("").replace(",", ", ") + ". " + e.getValue().path("description").asText(""));
    }
    List<int[]> sequences = new ArrayList<>();
    JsonNode users = JSON.readTree(inter.toFile());
    for (Iterator<Map.Entry<String, JsonNode>> it = users.fields(); it.hasNext(); ) {
      JsonNode seq = it.next().getValue();
      int[] s = new int[seq.size()];
      for (int i = 0; i < s.length; i++) {
        String id = seq.get(i).asText();
        if (!items.has(id)) {
          throw new IOException(inter + ": item " + id + " has no entry in " + item);
        }
        s[i] = items.of(id);
      }
      sequences.add(s);
    }
    return new Dataset(name, "amazon-json", titles.toArray(String[]::new), texts.toArray(String[]::new), sequences);
  }

  /** Rows (user, item, epoch seconds) into per-user sequences by time; unknown items are skipped. */
  private static Dataset byUser(String name, String format, Ids items, List<String> titles, List<String> texts,
      List<String[]> rows) {
    Map<String, List<long[]>> byUser = new LinkedHashMap<>();
    int order = 0;
    for (String[] r : rows) {
      if (items.has(r[1])) {
        byUser.computeIfAbsent(r[0], k -> new ArrayList<>())
            .add(new long[] {Long.parseLong(r[2]), order, items.of(r[1])});
      }
      order++;
    }
    List<int[]> sequences = new ArrayList<>();
    for (List<long[]> events : byUser.values()) {
      events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
      sequences.add(events.stream().mapToInt(e -> (int) e[2]).toArray());
    }
    return new Dataset(name, format, titles.toArray(String[]::new), texts.toArray(String[]::new), sequences);
  }

  /** A CSV with a header and RFC 4180 quoting (MovieLens titles contain commas). */
  static List<String[]> csv(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int n = 1; n < lines.size(); n++) {
      List<String> fields = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quoted = false;
      String line = lines.get(n);
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            cur.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          fields.add(cur.toString());
          cur.setLength(0);
        } else {
          cur.append(ch);
        }
      }
      fields.add(cur.toString());
      out.add(fields.toArray(String[]::new));
    }
    return out;
  }

  /** External ids to dense numbers in order of first appearance. */
  static final class Ids {
    private final Map<String, Integer> map = new LinkedHashMap<>();

    int of(String id) {
      return map.computeIfAbsent(id, k -> map.size());
    }

    boolean has(String id) {
      return map.containsKey(id);
    }

    int size() {
      return map.size();
    }

    void forEach(java.util.function.BiConsumer<String, Integer> f) {
      map.forEach(f);
    }
  }
}
