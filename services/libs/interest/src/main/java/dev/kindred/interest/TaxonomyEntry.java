package dev.kindred.interest;

/** A tenant category with the embedding of its name and description (computed once). */
public record TaxonomyEntry(String name, String description, float[] vector) {

  /** The text that is embedded for zero-shot labelling. */
  public static String textOf(String name, String description) {
    return description == null || description.isBlank() ? name : name + ": " + description;
  }
}
