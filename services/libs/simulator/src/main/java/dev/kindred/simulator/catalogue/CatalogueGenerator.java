package dev.kindred.simulator.catalogue;

import dev.kindred.simulator.catalogue.Taxonomy.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Composes plausible items from the taxonomy's vocabularies, deterministically from a seed. A
 * share of items carry a missing or wrong category (difficulty knob) while their text stays true.
 */
public final class CatalogueGenerator {

  /** A generated item; {@code trueCategory} is the ground truth, {@code categories} what the shop lists. */
  public record Item(String id, String title, String description, List<String> categories, int trueCategory,
      double price) {}

  private final long seed;
  private final double wrongCategoryShare;
  private final double vocabularyOverlap;

  public CatalogueGenerator(long seed, double wrongCategoryShare) {
    this(seed, wrongCategoryShare, 0);
  }

  /**
   * {@code vocabularyOverlap}: the chance that an item's adjective and its second feature come from
   * another category's pools (beyond the words neighbouring categories share by design), so text
   * alone says less about the category.
   */
  public CatalogueGenerator(long seed, double wrongCategoryShare, double vocabularyOverlap) {
    this.seed = seed;
    this.wrongCategoryShare = wrongCategoryShare;
    this.vocabularyOverlap = vocabularyOverlap;
  }

  public List<Item> generate(int count) {
    Random r = new Random(seed);
    List<Category> cats = Taxonomy.CATEGORIES;
    List<Item> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int c = i % cats.size();
      Category cat = cats.get(c);
      String brand = pick(r, Taxonomy.BRANDS);
      // Drawn only when the knob is on, so that catalogues without overlap stay as they were.
      Category borrowed = vocabularyOverlap > 0 && r.nextDouble() < vocabularyOverlap
          ? cats.get(r.nextInt(cats.size())) : cat;
      String adj = pick(r, borrowed.adjectives());
      String noun = pick(r, cat.nouns());
      String model = Character.toString('A' + r.nextInt(26)) + (10 + r.nextInt(90));
      String title = brand + " " + capital(adj) + " " + noun + " " + model;
      String description = "The " + brand + " " + noun + " is " + adj + " and " + pick(r, cat.adjectives())
          + ", with " + pick(r, cat.features()) + ". Designed " + pick(r, borrowed.features()) + ".";
      List<String> listed;
      double roll = r.nextDouble();
      if (roll < wrongCategoryShare / 2) {
        listed = List.of();
      } else if (roll < wrongCategoryShare) {
        listed = List.of(cats.get(r.nextInt(cats.size())).name());
      } else {
        listed = List.of(cat.name());
      }
      double price = Math.round((5 + r.nextDouble() * 295) * 100) / 100.0;
      out.add(new Item(String.format("item-%05d", i), title, description, listed, c, price));
    }
    return out;
  }

  static String pick(Random r, List<String> xs) {
    return xs.get(r.nextInt(xs.size()));
  }

  private static String capital(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
