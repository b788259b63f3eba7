package dev.kindred.inference;

/**
 * Row-major feature values for a batch of candidates (rows) over named features (columns); the
 * input of a {@link Ranker}. Missing values are {@link Float#NaN}, as tree ensembles expect.
 */
public record FeatureMatrix(String[] featureNames, int rows, float[] values) {

  public FeatureMatrix {
    if (values.length != rows * featureNames.length) {
      throw new IllegalArgumentException("values has " + values.length + " entries, expected "
          + rows + " rows x " + featureNames.length + " features");
    }
  }

  public int columns() {
    return featureNames.length;
  }

  public float get(int row, int column) {
    return values[row * featureNames.length + column];
  }
}
