package io.docpipe.shared.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a HuggingFace tokenizer.json, accepting only the pipeline this package reproduces exactly (BertNormalizer,
 * BertPreTokenizer, WordPiece, unnormalized added tokens). Anything else fails here, naming the field, rather than
 * tokenizing differently from the reference later.
 *
 * <p>Parsed with Jackson's streaming parser into plain maps: building a JsonNode tree of the 30,000-entry vocabulary
 * roughly doubled the Lambda cold start of loading it.
 */
final class TokenizerJson {
  record Parsed(BasicTokenizer basic, int clsId, int sepId, int padId, int unkId) {}

  private TokenizerJson() {}

  static Parsed read(InputStream json) {
    Map<String, Object> root;
    try (JsonParser parser = new JsonFactory().createParser(json)) {
      parser.nextToken();
      if (!(value(parser) instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("tokenizer.json must be a JSON object");
      }
      root = cast(map);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer.json", e);
    }
    Map<String, Object> normalizer = requireType(root, "normalizer", "BertNormalizer");
    requireType(root, "pre_tokenizer", "BertPreTokenizer");
    Map<String, Object> model = requireType(root, "model", "WordPiece");

    Map<String, Integer> vocab = new HashMap<>();
    object(model, "vocab").forEach((token, id) -> vocab.put(token, ((Number) id).intValue()));
    if (vocab.isEmpty()) throw new IllegalArgumentException("model.vocab must not be empty");
    WordPiece wordPiece = new WordPiece(
        vocab,
        model.getOrDefault("unk_token", "[UNK]").toString(),
        model.getOrDefault("continuing_subword_prefix", "##").toString(),
        ((Number) model.getOrDefault("max_input_chars_per_word", 100)).intValue());

    boolean lowercase = !Boolean.FALSE.equals(normalizer.get("lowercase"));
    BasicTokenizer basic = new BasicTokenizer(
        !Boolean.FALSE.equals(normalizer.get("clean_text")),
        !Boolean.FALSE.equals(normalizer.get("handle_chinese_chars")),
        normalizer.get("strip_accents") instanceof Boolean strip ? strip : lowercase, // null: same as lowercase
        lowercase,
        wordPiece,
        addedTokens(root.get("added_tokens")));
    Object padId = object(root, "padding").get("pad_id");
    return new Parsed(
        basic,
        specialId(root, vocab, "[CLS]"),
        specialId(root, vocab, "[SEP]"),
        padId instanceof Number n ? n.intValue() : vocab.getOrDefault("[PAD]", 0),
        wordPiece.unkId());
  }

  private static Map<String, Object> requireType(Map<String, Object> root, String field, String type) {
    Map<String, Object> section = object(root, field);
    Object actual = section.getOrDefault("type", "missing");
    if (!type.equals(actual)) throw new IllegalArgumentException(field + ".type must be " + type + ", was " + actual);
    return section;
  }

  private static Map<String, Integer> addedTokens(Object addedTokens) {
    Map<String, Integer> added = new LinkedHashMap<>();
    if (!(addedTokens instanceof List<?> list)) return added;
    for (Object item : list) {
      Map<String, Object> token = item instanceof Map<?, ?> map ? cast(map) : Map.of();
      String content = String.valueOf(token.get("content"));
      for (String flag : new String[] {"normalized", "single_word", "lstrip", "rstrip"}) {
        if (Boolean.TRUE.equals(token.get(flag))) {
          throw new IllegalArgumentException(
              "added_tokens '" + content + "' sets " + flag + ", which is not supported");
        }
      }
      added.put(content, ((Number) token.get("id")).intValue());
    }
    return added;
  }

  /** The id the post-processor adds for {@code token}; the vocabulary's id when the post-processor does not say. */
  private static int specialId(Map<String, Object> root, Map<String, Integer> vocab, String token) {
    Object ids = object(object(object(root, "post_processor"), "special_tokens"), token).get("ids");
    if (ids instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof Number id) return id.intValue();
    Integer id = vocab.get(token);
    if (id == null) throw new IllegalArgumentException("model.vocab has no " + token + " for the post-processor");
    return id;
  }

  /** {@code parent.field} if it is an object, else an empty map, so optional sections read like empty ones. */
  private static Map<String, Object> object(Map<String, Object> parent, String field) {
    return parent.get(field) instanceof Map<?, ?> map ? cast(map) : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /** The value at the parser's current token as maps, lists, strings, numbers, booleans and nulls. */
  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) throw new IOException("unexpected end of input");
    return switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, value(parser));
        }
        yield object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) array.add(value(parser));
        yield array;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
      case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
      case VALUE_NULL -> null;
      default -> throw new IOException("unexpected " + token + " at " + parser.currentLocation());
    };
  }
}
