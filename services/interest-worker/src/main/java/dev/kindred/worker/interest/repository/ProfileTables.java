package dev.kindred.worker.interest.repository;

/**
 * Which tables a profile projection writes: the live ones serving reads, or the build ones a
 * replay fills before they are swapped in. Names are constants, never request data.
 */
public record ProfileTables(String profiles, String clusters, boolean live) {

  public static final ProfileTables LIVE = new ProfileTables("interest_profiles", "interest_clusters", true);
  public static final ProfileTables BUILD = new ProfileTables("interest_profiles_build", "interest_clusters_build", false);
}
