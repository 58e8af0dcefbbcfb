package io.docpipe.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.docpipe.shared.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A retrieval benchmark in BEIR's format: {@code corpus.jsonl} ({@code _id}, {@code title}, {@code text}),
 * {@code queries.jsonl} ({@code _id}, {@code text}) and a qrels file ({@code query-id corpus-id score}, tab separated,
 * one header line). Only the queries the qrels judge are evaluated, so one command evaluates any split.
 *
 * @param qrels relevance grades by query id, then document id; grades above 0 count as relevant
 */
record BeirDataset(List<Document> corpus, Map<String, String> queries, Map<String, Map<String, Integer>> qrels) {

  record Document(String id, String title, String text) {
    /** What a reader of the page sees, and what the exact-dense reference embeds: the title, then the text. */
    String fullText() {
      return title.isBlank() ? text : title + "\n\n" + text;
    }
  }

  /** The judged queries, in qrels order, each with its text. */
  List<Map.Entry<String, String>> judgedQueries() {
    List<Map.Entry<String, String>> judged = new ArrayList<>();
    for (String id : qrels.keySet()) {
      String text = queries.get(id);
      if (text == null) throw new IllegalArgumentException("qrels name query " + id + ", which queries.jsonl lacks");
      judged.add(Map.entry(id, text));
    }
    return judged;
  }

  /** The first {@code limit} documents, and only the judged queries whose relevant documents are all among them. */
  BeirDataset slice(int limit) {
    if (limit >= corpus.size()) return this;
    List<Document> kept = corpus.subList(0, limit);
    java.util.Set<String> ids = new java.util.HashSet<>();
    kept.forEach(d -> ids.add(d.id()));
    Map<String, Map<String, Integer>> judged = new LinkedHashMap<>();
    qrels.forEach((q, grades) -> {
      if (ids.containsAll(grades.keySet())) judged.put(q, grades);
    });
    return new BeirDataset(List.copyOf(kept), queries, Collections.unmodifiableMap(judged));
  }

  static BeirDataset load(Path directory, Path qrelsFile) {
    return new BeirDataset(readCorpus(directory.resolve("corpus.jsonl")), readQueries(directory.resolve("queries.jsonl")),
        readQrels(qrelsFile));
  }

  private static List<Document> readCorpus(Path file) {
    List<Document> documents = new ArrayList<>();
    forEachJsonLine(file, node -> documents.add(new Document(required(node, "_id", file), node.path("title").asText(""),
        node.path("text").asText(""))));
    if (documents.isEmpty()) throw new IllegalArgumentException(file + " holds no documents");
    return List.copyOf(documents);
  }

  private static Map<String, String> readQueries(Path file) {
    Map<String, String> queries = new LinkedHashMap<>();
    forEachJsonLine(file, node -> queries.put(required(node, "_id", file), node.path("text").asText("")));
    return Collections.unmodifiableMap(queries);
  }

  private static Map<String, Map<String, Integer>> readQrels(Path file) {
    Map<String, Map<String, Integer>> qrels = new LinkedHashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank() || (number == 1 && line.startsWith("query-id"))) continue;
        String[] cells = line.split("\t");
        if (cells.length != 3) throw new IllegalArgumentException(file + ":" + number + ": expected query-id, corpus-id, score");
        int grade;
        try {
          grade = Integer.parseInt(cells[2].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(file + ":" + number + ": score must be an integer, was '" + cells[2] + "'");
        }
        qrels.computeIfAbsent(cells[0].trim(), q -> new LinkedHashMap<>()).put(cells[1].trim(), grade);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    qrels.values().removeIf(grades -> grades.values().stream().noneMatch(g -> g > 0));
    if (qrels.isEmpty()) throw new IllegalArgumentException(file + " judges no document relevant to any query");
    return Collections.unmodifiableMap(qrels);
  }

  private static void forEachJsonLine(Path file, java.util.function.Consumer<JsonNode> action) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) continue;
        try {
          action.accept(Json.read(line, JsonNode.class));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(file + ":" + number + ": not a JSON object (" + e.getMessage() + ")", e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String required(JsonNode node, String field, Path file) {
    JsonNode value = node.get(field);
    if (value == null || value.asText().isBlank()) throw new IllegalArgumentException(file + ": a line lacks " + field);
    return value.asText();
  }
}
